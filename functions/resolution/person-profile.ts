/**
 * Builds a person's golden record from the party mentions linked to them: every name, ID and phone seen, the
 * survivor value per attribute (a full name over a surname-only one, then the most recent), and conflicts.
 */
import type { LinkDecision, PartyMention, PartyRole } from '../../schemas/generated/types.js';
import type { StoredPerson } from './stored-entities.js';

export interface MentionLink {
  sourceId: string;
  sourceRecordId: string;
  mention: PartyMention;
  linkedBy: LinkDecision;
}

const nameRank = { full: 3, 'surname-only': 1, masked: 0, empty: -1 } as const;

export function applyMention(person: StoredPerson, link: MentionLink): StoredPerson {
  const { mention } = link;
  const names = [...person.names];
  if (mention.name && !names.some((n) => n.asGiven === mention.name?.asGiven)) names.push(mention.name);
  const residentIds = [...person.residentIds];
  if (mention.residentId && !residentIds.some((r) => sameIdentifier(r, mention.residentId!)))
    residentIds.push(mention.residentId);
  const phones = [...person.phones];
  for (const phone of mention.phones ?? [])
    if (!phones.some((p) => sameIdentifier(p, phone))) phones.push(phone);
  const addresses = [...(person.addresses ?? [])];
  for (const address of mention.addresses ?? []) {
    if (!addresses.some((a) => a.addressText === address.addressText)) addresses.push(address);
  }
  const birthDates = [...(person.birthDates ?? [])];
  if (mention.birthDate && !birthDates.includes(mention.birthDate)) birthDates.push(mention.birthDate);
  const otherIds = [...(person.otherIds ?? [])];
  for (const other of mention.otherIds ?? []) {
    if (!otherIds.some((o) => o.scheme === other.scheme && sameIdentifier(o, other))) otherIds.push(other);
  }
  const statedSexes = unique([...(person.statedSexes ?? []), mention.sex]);
  const nameSources = { ...(person.nameSources ?? {}) };
  if (
    mention.name?.asGiven &&
    sourcePriority(link.sourceId) >= sourcePriority(nameSources[mention.name.asGiven])
  )
    nameSources[mention.name.asGiven] = link.sourceId;
  const records = person.records.filter(
    (r) => !(r.sourceId === link.sourceId && r.sourceRecordId === link.sourceRecordId),
  );
  const previous = person.records.find(
    (r) => r.sourceId === link.sourceId && r.sourceRecordId === link.sourceRecordId,
  );
  records.push({
    sourceId: link.sourceId,
    sourceRecordId: link.sourceRecordId,
    roles: unionRoles(previous?.roles, mention.roles),
    linkedBy: previous?.linkedBy ?? link.linkedBy,
  });
  return summarisePerson({
    ...person,
    names,
    residentIds,
    phones,
    addresses,
    records,
    ...(birthDates.length ? { birthDates } : {}),
    ...(otherIds.length ? { otherIds } : {}),
    ...(statedSexes.length ? { statedSexes } : {}),
    ...(Object.keys(nameSources).length ? { nameSources } : {}),
  });
}

export function newPerson(id: string): StoredPerson {
  return { id, names: [], residentIds: [], phones: [], addresses: [], records: [], version: 0 };
}

/**
 * Survivorship of a person's name: the form first (a full name over 张先生), then the source's priority, then the
 * most recent. A court judgment and a petition register record names from ID documents; a 12345 operator or a 110
 * dispatcher types them by ear; a grid worker writes what neighbours say.
 */
const SOURCE_PRIORITY: Readonly<Record<string, number>> = {
  court: 5,
  petition: 4,
  'police-110': 3,
  'hotline-12345': 2,
  grid: 1,
};

function sourcePriority(sourceId: string | undefined): number {
  return sourceId === undefined ? -1 : (SOURCE_PRIORITY[sourceId] ?? 0);
}

/** Survivorship and conflicts, derived from the collected values. */
export function summarisePerson(person: StoredPerson): StoredPerson {
  const priority = (n: { asGiven: string }) => sourcePriority(person.nameSources?.[n.asGiven]);
  const bestName = [...person.names]
    .map((n, i) => ({ n, i }))
    .sort(
      (a, b) => nameRank[b.n.form] - nameRank[a.n.form] || priority(b.n) - priority(a.n) || b.i - a.i,
    )[0]?.n;
  const birthDates = unique([...person.residentIds.map((r) => r.birthDate), ...(person.birthDates ?? [])]);
  // An ID number's sex first; a source's statement (cusSex, 性别) when no number gives one.
  const idSexes = unique(person.residentIds.map((r) => r.sex));
  const sexes = idSexes.length ? idSexes : unique(person.statedSexes ?? []);
  const conflicts: NonNullable<StoredPerson['conflicts']> = [];
  if (birthDates.length > 1) conflicts.push({ attribute: 'birthDate', values: birthDates });
  if (sexes.length > 1) conflicts.push({ attribute: 'sex', values: sexes });
  const fullNames = unique(person.names.filter((n) => n.form === 'full').map((n) => n.normalised));
  if (fullNames.length > 1) conflicts.push({ attribute: 'name', values: fullNames });
  const { name: _n, birthDate: _b, sex: _s, conflicts: _c, ...rest } = person;
  return {
    ...rest,
    ...(bestName ? { name: bestName.normalised ?? bestName.asGiven } : {}),
    ...(birthDates[0] ? { birthDate: birthDates[0] } : {}),
    ...(sexes[0] ? { sex: sexes[0] as 'male' | 'female' } : {}),
    ...(conflicts.length ? { conflicts } : {}),
  };
}

function sameIdentifier(
  a: { blindIndex?: string; masked: string },
  b: { blindIndex?: string; masked: string },
): boolean {
  return a.blindIndex && b.blindIndex
    ? a.blindIndex === b.blindIndex
    : !a.blindIndex && !b.blindIndex && a.masked === b.masked;
}

function unionRoles(a: PartyRole[] | undefined, b: PartyRole[]): PartyRole[] {
  return [...new Set([...(a ?? []), ...b])];
}

function unique(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => Boolean(v)))];
}
