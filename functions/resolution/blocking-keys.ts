/**
 * Blocking keys: the few index entries under which a person (or dispute) is stored and looked up, so that a new record
 * is compared only with the entities that share a key, never with all of them. Every key carries a cap: a block larger
 * than its cap (a shop phone, a common name born the same year) is read only up to the cap, and the agreement on its
 * value is down-weighted by the matcher through the value's frequency, which is the block's size.
 * @see Christen, "A Survey of Indexing Techniques for Scalable Record Linkage and Deduplication", IEEE TKDE 24 (2012)
 */
import type { Location, PartyMention, PersonName, Report } from '../../schemas/generated/types.js';
import { isHanName, latinNameParts, pinyinOf, postcodeOf, soundex } from './comparators.js';
import type { PersonProfile } from './person-matcher.js';

export type BlockingKeyKind =
  | 'resident-id'
  | 'resident-id-visible'
  | 'phone'
  | 'surname-phone-tail'
  | 'other-id'
  | 'name-birthyear'
  | 'name-division'
  | 'name-county'
  | 'birthdate-place'
  | 'latin-names'
  | 'latin-name-year'
  | 'latin-name-postcode'
  | 'dispute-reference'
  | 'dispute-party'
  | 'dispute-party-name'
  | 'dispute-party-name-county'
  | 'dispute-place-month'
  | 'dispute-town-month';

export interface BlockingKey {
  /** The index value, `<prefix>:<parts>`; identifiers appear only as blind indexes or masked digits. */
  key: string;
  kind: BlockingKeyKind;
  /** Most entities read from this block; beyond it the block is oversized. */
  cap: number;
}

/**
 * Caps per kind. An identifier key is expected to hold one entity; a few more are families and typos, dozens are a
 * shop, a grid worker or a placeholder. Name keys hold people who share a name and a birth year or town: a handful,
 * up to a few dozen for 张伟. Dispute keys are wider: a frequent caller's disputes, a village's month.
 */
export const BLOCK_CAPS: Readonly<Record<BlockingKeyKind, number>> = {
  'resident-id': 20,
  'resident-id-visible': 30,
  phone: 30,
  'surname-phone-tail': 30,
  'other-id': 20,
  'name-birthyear': 50,
  'name-division': 50,
  'name-county': 50,
  'birthdate-place': 50,
  'latin-names': 50,
  'latin-name-year': 50,
  'latin-name-postcode': 50,
  'dispute-reference': 20,
  'dispute-party': 50,
  'dispute-party-name': 50,
  'dispute-party-name-county': 50,
  'dispute-place-month': 100,
  'dispute-town-month': 200,
};

/** What the person facts that keys are built from look like, for a mention and for a stored person alike. */
interface KeyFacts {
  names: PersonName[];
  residentIds: NonNullable<PartyMention['residentId']>[];
  phones: NonNullable<PartyMention['phones']>;
  otherIds: NonNullable<PartyMention['otherIds']>;
  birthDates: string[];
  addresses: Location[];
}

/** The keys to look a mention up under (a stored person is indexed under `profileBlockingKeys`). */
export function personBlockingKeys(mention: PartyMention): BlockingKey[] {
  if (mention.kind !== 'person') return [];
  return keysOf('query', {
    names: mention.name ? [mention.name] : [],
    residentIds: mention.residentId ? [mention.residentId] : [],
    phones: mention.phones ?? [],
    otherIds: mention.otherIds ?? [],
    birthDates: [mention.birthDate, mention.residentId?.birthDate].filter((d): d is string => Boolean(d)),
    addresses: mention.addresses ?? [],
  });
}

/**
 * The keys a stored person is indexed under: those of every value collected, crossed (a name from one record with the
 * birth year from another's ID number), so the person is found by any combination a later record may carry.
 */
export function profileBlockingKeys(profile: PersonProfile): BlockingKey[] {
  return keysOf('index', {
    names: profile.names,
    residentIds: profile.residentIds,
    phones: profile.phones,
    otherIds: profile.otherIds ?? [],
    birthDates: [
      ...(profile.birthDate ? [profile.birthDate] : []),
      ...(profile.birthDates ?? []),
      ...profile.residentIds.map((r) => r.birthDate).filter((d): d is string => Boolean(d)),
    ],
    addresses: profile.addresses ?? [],
  });
}

/** Index keys are every key a person may be found by; query keys leave out the county's name key when a town is known. */
function keysOf(use: 'index' | 'query', facts: KeyFacts): BlockingKey[] {
  const out = new Map<string, BlockingKey>();
  const add = (kind: BlockingKeyKind, ...parts: string[]) => {
    if (parts.some((p) => p === '')) return;
    const key = `${prefixOf(kind)}:${parts.join(':')}`;
    out.set(key, { key, kind, cap: BLOCK_CAPS[kind] });
  };
  const surnames = unique(facts.names.map((n) => (n.surname && isHanName(n) ? pinyinOf(n.surname) : '')));
  const years = unique(facts.birthDates.map((d) => d.slice(0, 4)).filter((y) => /^\d{4}$/.test(y)));

  // 1. Identifiers: exact blind indexes, and the digits a masked number shows next to the surname.
  for (const id of facts.residentIds) {
    if (id.blindIndex) add('resident-id', id.blindIndex);
    const shown = id.visibleDigits ?? id.masked;
    const head = shown.slice(0, 6);
    const tail = shown.slice(14);
    if (shown.length === 18 && /^\d{6}$/.test(head) && /^\d{3}[\dX]$/.test(tail)) {
      for (const s of surnames) add('resident-id-visible', s, head, tail);
    }
  }
  for (const phone of facts.phones) {
    if (phone.kind === 'service') continue;
    if (phone.blindIndex) add('phone', phone.blindIndex);
    const shown = (phone.visibleDigits ?? phone.masked).replace(/-/g, '');
    if (phone.kind === 'mobile' && shown.length === 11 && /^1\d\d/.test(shown) && /\d{4}$/.test(shown)) {
      for (const s of surnames) add('surname-phone-tail', s, shown.slice(0, 3), shown.slice(7));
    }
  }
  for (const other of facts.otherIds) if (other.blindIndex) add('other-id', other.scheme, other.blindIndex);

  // 2. Chinese full names: pinyin (homophones and traditional forms share it) with a birth year or a town.
  const hanFull = unique(
    facts.names.filter((n) => n.form === 'full' && isHanName(n)).map((n) => pinyinOf(n.normalised ?? '')),
  );
  // Division codes cut to a level: 9 digits a town, 6 a county.
  const divisionsAt = (digits: number) =>
    unique(
      facts.addresses
        .map((a) => a.gridCode ?? a.divisionCode ?? '')
        .filter((c) => c.length >= digits)
        .map((c) => c.slice(0, digits)),
    );
  const towns = divisionsAt(9);
  // A court case is placed at the court's county, and its parties' ID numbers give a birth year no earlier record had:
  // every full name is also indexed by county, looked up so only by a mention that names no town.
  const byCounty = use === 'index' || towns.length === 0 ? divisionsAt(6) : [];
  for (const name of hanFull) {
    for (const year of years) add('name-birthyear', name, year);
    for (const town of towns) add('name-division', name, town);
    for (const county of byCounty) add('name-county', name, county);
  }

  // 3. Birth date with the place, whatever the name: finds a record whose name was mistyped beyond a homophone or
  //    replaced (a nickname), when no identifier is shared.
  const postcodes = unique(facts.addresses.map((a) => postcodeOf(a) ?? ''));
  const dates = unique(
    facts.birthDates.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).map((d) => d.replace(/-/g, '')),
  );
  for (const date of dates) for (const place of [...towns, ...postcodes]) add('birthdate-place', date, place);

  // 4. Latin names (FEBRL-style): Soundex of either part (so swapped given name and surname still meet) with the birth
  //    year or the postcode, and of both parts together.
  for (const name of facts.names.filter((n) => n.form === 'full' && !isHanName(n))) {
    const parts = latinNameParts(name);
    const codes = unique([parts.given, parts.surname, parts.lone].map((part) => soundex(part ?? '')));
    if (codes.length === 2) add('latin-names', ...[...codes].sort());
    for (const code of codes) {
      for (const year of years) add('latin-name-year', code, year);
      for (const postcode of postcodes) add('latin-name-postcode', code, postcode);
    }
  }
  return [...out.values()];
}

function prefixOf(kind: BlockingKeyKind): string {
  switch (kind) {
    case 'resident-id':
      return 'rid';
    case 'resident-id-visible':
      return 'rid-visible';
    case 'phone':
      return 'phone';
    case 'other-id':
      return 'oid';
    case 'dispute-reference':
      return 'ref';
    case 'dispute-party':
      return 'party';
    case 'dispute-party-name':
      return 'party-name';
    case 'dispute-party-name-county':
      return 'party-name-county';
    case 'dispute-place-month':
      return 'place-month';
    case 'dispute-town-month':
      return 'town-month';
    default:
      return kind;
  }
}

export interface BlockPlan {
  key: BlockingKey;
  /** Entities the store holds under the key. */
  size: number;
  /** How many of them to read and score: all, or the cap's worth (the most recently active first). */
  compare: number;
  oversized: boolean;
  /**
   * What happens to agreement on the key's value: `frequency` — the matcher weighs it by the value's frequency (the
   * block size), so an oversized block's agreement counts for little; `none` — the block is within its cap.
   */
  downWeight: 'frequency' | 'none';
}

/**
 * What to do with a block of `size` entities: compare them all when within the cap; otherwise compare only the cap's
 * worth and let the frequency of the value (which the store keeps as the block's size) down-weight its agreement.
 */
export function planBlock(key: BlockingKey, size: number): BlockPlan {
  const oversized = size > key.cap;
  return {
    key,
    size,
    compare: Math.min(size, key.cap),
    oversized,
    downWeight: oversized ? 'frequency' : 'none',
  };
}

/** Candidate ids from several blocks, each read up to its plan, without repeats, in block order. */
export function candidatesFromBlocks(
  blocks: Array<{ plan: BlockPlan; entityIds: readonly string[] }>,
): string[] {
  const seen = new Set<string>();
  for (const { plan, entityIds } of blocks) {
    for (const id of entityIds.slice(0, plan.compare)) seen.add(id);
  }
  return [...seen];
}

// ---------------------------------------------------------------------------------------------------------------
// Disputes

export interface DisputeBlockingKeys {
  /** Keys the report's dispute is stored under. */
  index: BlockingKey[];
  /** Keys to look candidates up under (the place key also for the neighbouring months). */
  query: BlockingKey[];
}

/**
 * Keys of a report for dispute matching: every number it is known by or refers to (`ref:`), every resolved person
 * (`party:`), every full name of a party with the town (`party-name:`) and with the county (`party-name-county:`, looked
 * up only by a report that names no town), and its place by month (`place-month:<village or grid's village>:<yyyy-mm>`, or the town when that is
 * all the record gives). A report looks up its own month, the two before and the one after: reports of one dispute
 * spread over weeks, and a late record may describe an earlier event.
 */
export function disputeBlockingKeys(
  report: Report,
  partyPersonIds: ReadonlyArray<string | null>,
): DisputeBlockingKeys {
  const key = (kind: BlockingKeyKind, ...parts: string[]): BlockingKey => ({
    key: `${prefixOf(kind)}:${parts.join(':')}`,
    kind,
    cap: BLOCK_CAPS[kind],
  });
  const refs = unique([
    report.sourceRecordId,
    ...(report.referenceNumbers ?? []),
    ...report.links.map((l) => l.value),
  ]);
  const shared: BlockingKey[] = [
    ...refs.map((r) => key('dispute-reference', r)),
    ...unique(partyPersonIds.filter((p): p is string => Boolean(p))).map((p) => key('dispute-party', p)),
  ];
  const code = report.location?.gridCode ?? report.location?.divisionCode ?? '';
  // A party's full name in the town (as pinyin): the reports of one quarrel months apart whose people the person
  // matcher could not yet link on a name alone still meet.
  // The town is the report's, else the party's own address's. Every name is also kept by county, for a court case
  // placed only at its county whose parties give no address to look it up by.
  const byCounty: BlockingKey[] = [];
  for (const party of report.parties) {
    if (party.kind !== 'person' || party.name?.form !== 'full' || !isHanName(party.name)) continue;
    const own = party.addresses?.map((a) => a.gridCode ?? a.divisionCode ?? '').find((c) => c.length >= 9);
    const town = (code.length >= 9 ? code : (own ?? '')).slice(0, 9);
    const name = pinyinOf(party.name.normalised ?? '');
    if (town) shared.push(key('dispute-party-name', town, name));
    const county = (town || code).slice(0, 6);
    if (county.length === 6) byCounty.push(key('dispute-party-name-county', county, name));
  }
  const month = monthOf(report.reportedAt);
  const index = [...shared, ...byCounty];
  const query = [...shared, ...(code.length >= 9 ? [] : byCounty)];
  if (month && code.length >= 12) {
    const village = code.slice(0, 12);
    index.push(
      key('dispute-place-month', village, month),
      key('dispute-town-month', village.slice(0, 9), month),
    );
    for (const m of neighbourMonths(month)) query.push(key('dispute-place-month', village, m));
  } else if (month && code.length >= 9) {
    const town = code.slice(0, 9);
    index.push(key('dispute-town-month', town, month));
    for (const m of neighbourMonths(month)) query.push(key('dispute-town-month', town, m));
  }
  const distinct = (keys: BlockingKey[]) => [...new Map(keys.map((k) => [k.key, k])).values()];
  return { index: distinct(index), query: distinct(query) };
}

/** The month of an ISO timestamp in Beijing time (UTC+8), `yyyy-mm`. */
function monthOf(iso: string): string | undefined {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 7);
}

function neighbourMonths(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return [-2, -1, 0, 1].map((d) => {
    const date = new Date(Date.UTC(y, m - 1 + d, 1));
    return date.toISOString().slice(0, 7);
  });
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))];
}
