/** Maps one 网格事件 of the community grid-management app to the canonical Report. */
import { parseSourceDateTime } from '../../functions/resolution/normalise/datetime.js';
import { normalisePhone } from '../../functions/resolution/normalise/phone.js';
import { cleanText } from '../../functions/resolution/normalise/text.js';
import type {
  Category,
  CategoryCode,
  Deadline,
  Location,
  PartyRole,
  SourceLink,
  Status,
  StatusCode,
  Step,
} from '../../schemas/generated/types.js';
import type { ClearPartyMention, ClearPhone, ClearReport, MapContext, MapResult } from '../engine/adapter.js';
import { parseCount } from '../engine/chinese-numerals.js';
import { readCoordinates } from '../engine/coordinates.js';
import {
  canonicalDivisionCode,
  type Division,
  type DivisionMatch,
  findDivisionByCode,
  isWithinDivision,
  levelOfDivisionCode,
  matchDivisionInText,
} from '../engine/division-catalogue.js';
import { Findings } from '../engine/findings.js';
import { readName, readPhones, readResidentId, warnOfInvalidIdentifiers } from '../engine/party-fields.js';
import { extractParties, organizationNameIn } from '../engine/party-text.js';
import {
  compactCode,
  describeType,
  identifierOf,
  isBlank,
  isInexactNumber,
  isRecord,
  optional,
  show,
  trimmedText,
  unknownFieldsOf,
  withoutComment,
} from '../engine/raw-values.js';
import { mapStepList, type TimedStep } from '../engine/step-list.js';
import manifest from './adapter.json' with { type: 'json' };
import tables from './code-tables.json' with { type: 'json' };

interface StepAction {
  action: Step['action'];
  status?: StatusCode;
  supervisionLevel?: Step['supervisionLevel'];
}

interface IssueDomain {
  dispute: boolean;
  code?: CategoryCode;
}

/** The fields the contract names; anything else is an unknown extra field, kept in sourceAttributes.unknownFields. */
const KNOWN_FIELDS = new Set([
  'serialNumber',
  'subject',
  'issueContent',
  'occurDate',
  'occurOrgCode',
  'occurOrgName',
  'occurLocation',
  'lat',
  'lon',
  'mainCharacters',
  'parties',
  'relatePeopleCount',
  'issueKind',
  'issueTypeDomain',
  'issueType',
  'emergencyLevel',
  'sourceKind',
  'fromSerialNumber',
  'status',
  'deadLine',
  'reporter',
  'steps',
]);
const KNOWN_STEP_FIELDS = new Set(['action', 'time', 'org', 'user', 'comment']);
const SEXES: Record<string, 'male' | 'female'> = { 男: 'male', 女: 'female', '1': 'male', '2': 'female' };

const statuses = withoutComment(tables.statuses) as Record<string, StatusCode>;
const stepActions = withoutComment(tables.stepActions) as Record<string, StepAction>;
const partyRoles = withoutComment(tables.partyRoles) as Record<string, PartyRole>;
const issueDomains = withoutComment(tables.issueDomains) as Record<string, IssueDomain>;
const issueTypes = withoutComment(tables.issueTypes) as Record<string, CategoryCode>;
const emergencyLevels = withoutComment(tables.emergencyLevels) as Record<string, ClearReport['urgency']>;
const issueKinds = withoutComment(tables.issueKinds) as Record<string, Record<string, unknown>>;

/**
 * Maps one raw grid event. Steps:
 * 1. reject a record that is not an object or lacks serialNumber, issueContent or a usable occurDate;
 * 2. map steps (sorted by time), then status, category, deadline, parties, location and links;
 * 3. keep every field with no canonical home, and unknown extra fields, in sourceAttributes; the grid worker who
 *    reported the event is no party, and only the worker's name is kept.
 */
export function mapEvent(raw: unknown, _context: MapContext): MapResult {
  if (!isRecord(raw)) {
    const message = `a grid event must be a JSON object; got ${describeType(raw)}`;
    return { ok: false, errors: [{ path: '$', message, stage: 'map' }], warnings: [] };
  }
  const findings = new Findings();
  const sourceRecordId = requireSerialNumber(raw, findings);
  const narrative = requireIssueContent(raw, findings);
  const reportedAt = requireOccurDate(raw, findings);
  if (sourceRecordId === undefined || reportedAt === undefined || narrative === undefined) {
    return { ok: false, errors: findings.errors, warnings: findings.warnings };
  }
  const steps = mapSteps(raw.steps, findings);
  const status = mapStatus(raw.status, steps, findings);
  const report: ClearReport = {
    sourceId: manifest.sourceId,
    sourceRecordId,
    channel: 'grid',
    reportedAt,
    ...optional('title', trimmedText(raw.subject)),
    narrative,
    ...optional('urgency', mapUrgency(raw.emergencyLevel, findings)),
    category: mapCategory(raw, findings),
    status,
    steps,
    ...optional('deadline', mapDeadline(raw.deadLine, findings)),
    ...optional('outcome', outcomeOf(status, steps)),
    parties: mapParties(raw, findings),
    ...optional('partyCount', mapPartyCount(raw.relatePeopleCount, findings)),
    ...optional('location', mapLocation(raw, findings)),
    links: mapLinks(raw, findings),
  };
  keepAttributes(raw, findings);
  const sourceAttributes = findings.sourceAttributes();
  if (sourceAttributes) report.sourceAttributes = sourceAttributes;
  return { ok: true, report, warnings: findings.warnings };
}

/** The event's id (serialNumber), trimmed and half-width, or undefined when missing or empty. */
export function eventIdOf(raw: unknown): string | undefined {
  return isRecord(raw) ? identifierOf(raw[manifest.idField]) : undefined;
}

function requireSerialNumber(raw: Record<string, unknown>, findings: Findings): string | undefined {
  if (isInexactNumber(raw.serialNumber)) {
    findings.fail(
      'serialNumber',
      `serialNumber arrived as the JSON number ${show(raw.serialNumber)}, too large to keep every digit; send it as a string`,
    );
    return undefined;
  }
  const id = identifierOf(raw.serialNumber);
  if (id === undefined) {
    findings.fail(
      'serialNumber',
      `serialNumber is missing or empty (got ${show(raw.serialNumber)}); every event needs its 服务单号`,
    );
  }
  return id;
}

function requireIssueContent(raw: Record<string, unknown>, findings: Findings): string | undefined {
  const text = trimmedText(raw.issueContent);
  if (text === undefined) {
    findings.fail(
      'issueContent',
      `issueContent is missing or empty (got ${show(raw.issueContent)}); the description of the event is required`,
    );
  }
  return text;
}

function requireOccurDate(raw: Record<string, unknown>, findings: Findings): string | undefined {
  const parsed = parseSourceDateTime(raw.occurDate);
  if (parsed.ok) return parsed.iso;
  findings.fail(
    'occurDate',
    isBlank(raw.occurDate)
      ? `occurDate is missing or empty (got ${show(raw.occurDate)}); when the event happened is required`
      : `occurDate ${show(raw.occurDate)} is not a usable date/time (${parsed.reason}); when the event happened is required`,
  );
  return undefined;
}

function mapSteps(value: unknown, findings: Findings): Step[] {
  return mapStepList(value, findings, { field: 'steps', knownFields: KNOWN_STEP_FIELDS, mapStep });
}

function mapStep(item: unknown, path: string, findings: Findings): TimedStep | undefined {
  if (!isRecord(item)) {
    findings.warn(
      path,
      `a step should be an object, got ${describeType(item)}; kept in sourceAttributes.unplacedSteps`,
    );
    return undefined;
  }
  const time = parseSourceDateTime(item.time);
  if (!time.ok) {
    findings.warn(
      `${path}.time`,
      `step time ${show(item.time)} is not usable (${time.reason}); step kept in sourceAttributes.unplacedSteps`,
    );
    return undefined;
  }
  const sourceAction = trimmedText(item.action) ?? '';
  const known = stepActions[compactCode(sourceAction)];
  if (known === undefined) {
    findings.warn(
      `${path}.action`,
      `unknown step action ${show(item.action)}; mapped to "other" (known: ${Object.keys(stepActions).join(', ')})`,
    );
  }
  const step: Step = {
    at: time.iso,
    action: known?.action ?? 'other',
    sourceAction,
    ...optional('fromUnit', cleanText(item.org)),
    ...optional('operator', cleanText(item.user)),
    ...optional('comment', trimmedText(item.comment)),
    ...optional('supervisionLevel', known?.supervisionLevel),
  };
  return { step, instant: Date.parse(time.iso) };
}

function mapStatus(value: unknown, steps: Step[], findings: Findings): Status {
  const sourceValue = trimmedText(value) ?? '';
  const since = steps.at(-1)?.at;
  const known = statuses[compactCode(sourceValue)];
  if (known !== undefined) return { code: known, sourceValue, ...optional('since', since) };
  const fromSteps = statusImpliedBySteps(steps);
  findings.warn(
    'status',
    `${sourceValue === '' ? 'status is missing' : `unknown status ${show(value)}`}; ` +
      `status "${fromSteps ?? 'registered'}" ${fromSteps ? 'taken from the latest step' : 'assumed'} ` +
      `(known: ${Object.keys(statuses).join(', ')})`,
  );
  return { code: fromSteps ?? 'registered', sourceValue, ...optional('since', since) };
}

function statusImpliedBySteps(steps: Step[]): StatusCode | undefined {
  for (const step of [...steps].reverse()) {
    const status = stepActions[compactCode(step.sourceAction)]?.status;
    if (status !== undefined) return status;
  }
  return undefined;
}

function mapUrgency(value: unknown, findings: Findings): ClearReport['urgency'] {
  const level = trimmedText(value);
  if (level === undefined) return undefined;
  findings.keep('emergencyLevel', level);
  const urgency = emergencyLevels[compactCode(level)];
  if (urgency === undefined) {
    findings.warn(
      'emergencyLevel',
      `unknown emergencyLevel ${show(value)}; no urgency, the value kept in sourceAttributes.emergencyLevel ` +
        `(known: ${Object.keys(emergencyLevels).join(', ')})`,
    );
  }
  return urgency;
}

/** 矛盾纠纷 events take their category from issueType; events of any other domain are no dispute. */
function mapCategory(raw: Record<string, unknown>, findings: Findings): Category {
  const domainText = trimmedText(raw.issueTypeDomain);
  const typeText = trimmedText(raw.issueType);
  const sourceValue = [domainText, typeText].filter((v): v is string => v !== undefined).join(' / ');
  const domain = domainText === undefined ? undefined : issueDomains[compactCode(domainText)];
  if (domainText !== undefined && domain === undefined) {
    findings.warn(
      'issueTypeDomain',
      `unknown issueTypeDomain ${show(raw.issueTypeDomain)}; the category is read from issueType ` +
        `(known: ${Object.keys(issueDomains).join(', ')})`,
    );
  }
  if (domain !== undefined && !domain.dispute) {
    return { code: domain.code ?? '其他', sourceValue, isDispute: false };
  }
  if (typeText === undefined) {
    return { code: '其他', sourceValue, ...optional('isDispute', domain?.dispute) };
  }
  const code = issueTypes[compactCode(typeText)];
  if (code === undefined) {
    findings.warn(
      'issueType',
      `issueType ${show(raw.issueType)} has no entry in code-tables.json issueTypes; category "其他"`,
    );
  }
  return { code: code ?? '其他', sourceValue, isDispute: true };
}

function mapDeadline(value: unknown, findings: Findings): Deadline | undefined {
  if (isBlank(value)) return undefined;
  const parsed = parseSourceDateTime(value);
  if (!parsed.ok) {
    findings.warn(
      'deadLine',
      `deadLine ${show(value)} is not usable (${parsed.reason}); no deadline, the value kept in sourceAttributes.deadLine`,
    );
    findings.keep('deadLine', value);
    return undefined;
  }
  const dateOnly = parsed.precision === 'date';
  return {
    dueAt: dateOnly ? `${parsed.iso.slice(0, 10)}T23:59:59+08:00` : parsed.iso,
    basis: {
      kind: 'explicit',
      sourceField: 'deadLine',
      rule: dateOnly
        ? 'deadLine given by the source as a date alone: due at the end of that day'
        : 'deadLine given by the source',
    },
  };
}

function outcomeOf(status: Status, steps: Step[]): string | undefined {
  if (status.code !== 'resolved' && status.code !== 'closed') return undefined;
  return steps.filter((s) => s.action === 'resolve' && s.comment !== undefined).at(-1)?.comment;
}

/** The grid worker who reported the event: never a party (the worker's phone appears on many events' forms). */
interface GridWorker {
  name?: string;
  phone?: ClearPhone;
}

/**
 * The parties the worker filled in; when there are none, the parties named in mainCharacters. The grid worker is
 * left out: a party with the worker's full name, and a party phone that is the worker's, are dropped with a warning.
 */
function mapParties(raw: Record<string, unknown>, findings: Findings): ClearPartyMention[] {
  const worker = gridWorkerOf(raw.reporter);
  const fromForm = partiesOfForm(raw.parties, worker, findings);
  if (fromForm.length > 0) return fromForm;
  if (typeof raw.mainCharacters !== 'string') return [];
  const named = extractParties(raw.mainCharacters, 'mainCharacters');
  warnOfInvalidIdentifiers(named, 'mainCharacters', findings);
  return named.filter((mention) => !isTheWorker(mention, worker, 'mainCharacters', findings));
}

function partiesOfForm(value: unknown, worker: GridWorker, findings: Findings): ClearPartyMention[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    findings.warn(
      'parties',
      `parties should be an array, got ${describeType(value)}; the parties are read from mainCharacters`,
    );
    return [];
  }
  return value.flatMap((item, index) => {
    const path = `parties[${index}]`;
    const mention = formParty(item, path, worker, findings);
    return mention && !isTheWorker(mention, worker, path, findings) ? [mention] : [];
  });
}

function formParty(
  item: unknown,
  path: string,
  worker: GridWorker,
  findings: Findings,
): ClearPartyMention | undefined {
  if (!isRecord(item)) {
    findings.warn(path, `a party should be an object, got ${describeType(item)}; not read`);
    return undefined;
  }
  const sourceRole = trimmedText(item.role);
  const role = sourceRole === undefined ? undefined : partyRoles[compactCode(sourceRole)];
  if (sourceRole !== undefined && role === undefined) {
    findings.warn(
      `${path}.role`,
      `unknown party role ${show(item.role)}; read as "involved" (known: ${Object.keys(partyRoles).join(', ')})`,
    );
  }
  const base = { roles: [role ?? 'involved'], ...optional('sourceRole', sourceRole) };
  const organizationName = typeof item.name === 'string' ? organizationNameIn(item.name) : undefined;
  if (organizationName !== undefined) return { kind: 'organization', ...base, organizationName };
  const name = readName(item.name);
  const residentId = readResidentId(item.idCard, `${path}.idCard`, findings);
  const phones = readPhones([{ path: `${path}.phone`, value: item.phone }], findings).filter((phone) => {
    if (!isSamePhone(phone, worker.phone)) return true;
    findings.warn(
      `${path}.phone`,
      `${path}.phone ${phone.masked} is the grid worker's own number (reporter.mobile), which identifies the ` +
        "worker; not kept as the party's phone",
    );
    return false;
  });
  if (name === undefined && residentId === undefined && phones.length === 0) {
    findings.warn(path, `party ${path} names nobody (no name, ID number or phone); not read`);
    return undefined;
  }
  const sex = SEXES[compactCode(cleanText(item.sex) ?? '')];
  return {
    kind: 'person',
    ...base,
    ...optional('name', name),
    ...optional('sex', sex),
    ...optional('residentId', residentId),
    ...optional('phones', phones.length > 0 ? phones : undefined),
  };
}

function gridWorkerOf(reporter: unknown): GridWorker {
  if (!isRecord(reporter)) return {};
  const name = readName(reporter.name);
  return {
    ...optional('name', name?.form === 'full' ? name.normalised : undefined),
    ...optional('phone', normalisePhone(reporter.mobile)),
  };
}

/** Two phones are one when their numbers are equal, or, when the worker's is masked, their masked forms are. */
function isSamePhone(phone: ClearPhone, workerPhone: ClearPhone | undefined): boolean {
  if (workerPhone === undefined || workerPhone.status === 'invalid') return false;
  if (workerPhone.value !== undefined) return phone.value === workerPhone.value;
  return phone.masked === workerPhone.masked;
}

function isTheWorker(
  mention: ClearPartyMention,
  worker: GridWorker,
  path: string,
  findings: Findings,
): boolean {
  const same =
    worker.name !== undefined && mention.name?.form === 'full' && mention.name.normalised === worker.name;
  if (same) {
    findings.warn(
      path,
      `${mention.name?.asGiven ?? 'a party'} is the grid worker who reported the event (reporter.name), not a ` +
        'party; not read',
    );
  }
  return same;
}

function mapPartyCount(value: unknown, findings: Findings): number | undefined {
  if (isBlank(value)) return undefined;
  const text = cleanText(value)?.replace(/\s*(?:人|名|位)$/, '');
  const count = typeof value === 'number' ? value : text === undefined ? undefined : parseCount(text);
  if (count !== undefined && Number.isInteger(count) && count >= 0) return count;
  findings.warn(
    'relatePeopleCount',
    `relatePeopleCount ${show(value)} is not a whole number of people; no partyCount, the value kept in ` +
      'sourceAttributes.relatePeopleCount',
  );
  findings.keep('relatePeopleCount', value);
  return undefined;
}

interface CodedDivision {
  code: string;
  known?: Division;
  gridCode?: string;
}

/**
 * The grid code's village (15 digits: village + grid number) or the village code alone; without a code, the finest
 * division named by occurLocation and occurOrgName. A code that disagrees with the address is used, with a warning.
 */
function mapLocation(raw: Record<string, unknown>, findings: Findings): Location | undefined {
  const addressText = trimmedText(raw.occurLocation);
  const gridName = trimmedText(raw.occurOrgName);
  const fromCode = divisionOfOrgCode(raw.occurOrgCode, findings);
  const fromText = matchDivisionInText([gridName, addressText].filter(Boolean).join('|'));
  const division = chooseDivision(fromCode, fromText, gridName, findings);
  const coordinates = readCoordinates(
    {
      longitude: { path: 'lon', value: raw.lon },
      latitude: { path: 'lat', value: raw.lat },
      datum: 'GCJ-02',
    },
    findings,
  );
  const location: Location = {
    ...division,
    ...optional('gridCode', fromCode?.gridCode),
    ...optional('gridName', gridName),
    ...optional('addressText', addressText),
    ...optional('coordinates', coordinates),
  };
  return Object.keys(location).length > 0 ? location : undefined;
}

function divisionOfOrgCode(value: unknown, findings: Findings): CodedDivision | undefined {
  if (isBlank(value)) return undefined;
  const given = compactCode(cleanText(value) ?? '');
  const gridCode = /^\d{15}$/.test(given) ? given : undefined;
  const code = canonicalDivisionCode(gridCode === undefined ? given : given.slice(0, 12));
  if (code === undefined) {
    findings.warn(
      'occurOrgCode',
      `occurOrgCode ${show(value)} is neither a 15-digit grid code nor a 12-digit village code; the division is ` +
        'read from occurOrgName/occurLocation and the value kept in sourceAttributes.occurOrgCode',
    );
    findings.keep('occurOrgCode', value);
    return undefined;
  }
  return { code, ...optional('known', findDivisionByCode(code)), ...optional('gridCode', gridCode) };
}

function chooseDivision(
  fromCode: CodedDivision | undefined,
  fromText: DivisionMatch | undefined,
  gridName: string | undefined,
  findings: Findings,
): Location | undefined {
  if (fromCode === undefined) {
    if (fromText === undefined) return undefined;
    const byGridName = gridName === undefined ? undefined : matchDivisionInText(gridName);
    return {
      divisionCode: fromText.code,
      divisionLevel: fromText.level,
      divisionName: fromText.name,
      resolvedBy: byGridName?.code === fromText.code ? 'area-name' : 'address-text',
    };
  }
  const textDivision = fromText && findDivisionByCode(fromText.code);
  if (
    textDivision &&
    fromText &&
    fromText.code !== fromCode.code &&
    isWithinDivision(textDivision, fromCode.code)
  ) {
    // A code padded to a town (330681109000) and an address naming a village inside it: keep the finer.
    findings.keep('occurOrgCode', fromCode.gridCode ?? fromCode.code);
    return {
      divisionCode: fromText.code,
      divisionLevel: fromText.level,
      divisionName: fromText.name,
      resolvedBy: 'address-text',
    };
  }
  if (textDivision && fromText && fromCode.known && !isWithinDivision(fromCode.known, fromText.code)) {
    findings.warn(
      'occurOrgCode',
      `occurOrgCode ${fromCode.gridCode ?? fromCode.code} (${fromCode.known.name}) disagrees with the address, ` +
        `which names ${fromText.name} (${fromText.code}); the code is used`,
    );
  }
  return {
    divisionCode: fromCode.code,
    divisionLevel: fromCode.known?.level ?? levelOfDivisionCode(fromCode.code),
    ...optional('divisionName', fromCode.known?.name),
    resolvedBy: fromCode.gridCode === undefined ? 'source-code' : 'grid-code',
  };
}

/** fromSerialNumber: the 12345 work order (its busiNumber) the event was dispatched from. */
function mapLinks(raw: Record<string, unknown>, findings: Findings): SourceLink[] {
  if (isInexactNumber(raw.fromSerialNumber)) {
    findings.warn(
      'fromSerialNumber',
      `fromSerialNumber arrived as the JSON number ${show(raw.fromSerialNumber)}, too large to keep every digit; ` +
        'no link, the value kept in sourceAttributes.fromSerialNumber (send it as a string)',
    );
    findings.keep('fromSerialNumber', raw.fromSerialNumber);
    return [];
  }
  const busiNumber = identifierOf(raw.fromSerialNumber);
  if (busiNumber === undefined) return [];
  return [
    {
      kind: 'hotline-work-order',
      field: 'fromSerialNumber',
      value: busiNumber,
      targetSourceId: 'hotline-12345',
      relation: 'same-matter',
    },
  ];
}

function keepAttributes(raw: Record<string, unknown>, findings: Findings): void {
  const issueKind = trimmedText(raw.issueKind);
  if (issueKind !== undefined) {
    findings.keep('issueKind', issueKind);
    const flags = issueKinds[compactCode(issueKind)];
    if (flags === undefined) {
      findings.warn(
        'issueKind',
        `unknown issueKind ${show(raw.issueKind)}; kept in sourceAttributes.issueKind (known: ${Object.keys(issueKinds).join(', ')})`,
      );
    }
    for (const [flag, value] of Object.entries(flags ?? {})) findings.keep(flag, value);
  }
  findings.keep('sourceKind', trimmedText(raw.sourceKind));
  findings.keep('reporterName', reporterNameOf(raw.reporter, findings));
  const unknown = unknownFieldsOf(raw, KNOWN_FIELDS);
  if (unknown) findings.keep('unknownFields', unknown);
}

/** The grid worker's name; the worker's phone is never kept (the raw record has it). */
function reporterNameOf(reporter: unknown, findings: Findings): string | undefined {
  if (reporter === undefined || reporter === null) return undefined;
  if (!isRecord(reporter)) {
    findings.warn(
      'reporter',
      `reporter should be an object { name, mobile }, got ${Array.isArray(reporter) ? 'an array' : `a ${typeof reporter}`}; not read`,
    );
    return undefined;
  }
  return readName(reporter.name)?.asGiven;
}
