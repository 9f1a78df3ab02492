/** Maps one court case (案件, including 诉前调解) to the canonical Report, as the court source contract describes it. */
import { normaliseCreditCode } from '../../functions/resolution/normalise/credit-code.js';
import { parseSourceDateTime } from '../../functions/resolution/normalise/datetime.js';
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
import type { ClearPartyMention, ClearReport, MapContext, MapResult } from '../engine/adapter.js';
import { codeKey, keyedTable } from '../engine/code-keys.js';
import { divisionCodeOfCourt, normaliseCaseNumber, partsOfCaseNumber } from '../engine/court-codes.js';
import { type Division, findDivisionByCode, isWithinDivision } from '../engine/division-catalogue.js';
import { divisionLocationOfCode } from '../engine/division-location.js';
import { Findings } from '../engine/findings.js';
import { readAddress, readCreditCode } from '../engine/party-details.js';
import { readName, readPhones, readResidentId } from '../engine/party-fields.js';
import {
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
import { sourceOfReference } from '../engine/reference-shapes.js';
import { calendarDaysAfter, explicitDeadline } from '../engine/source-deadlines.js';
import manifest from './adapter.json' with { type: 'json' };
import tables from './code-tables.json' with { type: 'json' };

type PartyKind = ClearPartyMention['kind'];

interface CaseClass {
  name: string;
  caseTypeWords: string[];
  deadline?: { days: number; rule: string };
}

interface ResolvedCaseClass {
  code: string;
  known?: CaseClass;
  /** Where the code came from when ajlb did not give it. */
  derivedFrom?: 'ajbs' | 'ah';
}

/** The fields the contract names; anything else is an unknown extra field, kept in sourceAttributes.unknownFields. */
const KNOWN_FIELDS = new Set([
  'ajbs',
  'ah',
  'ajlb',
  'laay',
  'larq',
  'fydm',
  'fymc',
  'dsr',
  'ajzt',
  'jafs',
  'jarq',
  'ajxx',
  'wpdw',
  'wpdjh',
  'sx',
]);
const KNOWN_PARTY_FIELDS = new Set(['mc', 'ssdw', 'lx', 'zjhm', 'dz', 'lxdh']);
/** The appealType of a case whose class nothing tells. */
const UNKNOWN_CASE_CLASS = '未知';

const caseClasses = keyedTable(withoutComment(tables.caseClasses) as Record<string, CaseClass>);
const caseClassesByTypeWord = new Map(
  [...caseClasses.entries()].flatMap(([code, c]) =>
    c.caseTypeWords.map((word) => [codeKey(word), code] as const),
  ),
);
const statuses = keyedTable(withoutComment(tables.statuses) as Record<string, StatusCode>);
const partyRoles = keyedTable(withoutComment(tables.partyRoles) as Record<string, PartyRole>);
const partyKinds = keyedTable(withoutComment(tables.partyKinds) as Record<string, PartyKind>);
const causesExact = keyedTable(withoutComment(tables.causes.exact) as Record<string, CategoryCode>);
const causesByKeyword = (tables.causes.byKeyword as [string, CategoryCode][]).map(
  ([word, code]) => [codeKey(word), code] as const,
);

/**
 * Maps one raw court case. Steps:
 * 1. reject a record that is not an object or lacks ajbs, ah, a usable larq, a party, or both ajxx and laay;
 * 2. map the case class, cause, parties, status (with the filing and closing dates as steps), deadline, location
 *    (the court's division, refined by the parties' addresses) and the referral link;
 * 3. keep every field with no canonical home, and unknown extra fields, in sourceAttributes.
 */
export function mapCourtCase(raw: unknown, _context: MapContext): MapResult {
  if (!isRecord(raw)) {
    const message = `a court case must be a JSON object; got ${describeType(raw)}`;
    return { ok: false, errors: [{ path: '$', message, stage: 'map' }], warnings: [] };
  }
  const findings = new Findings();
  const sourceRecordId = requireId(raw, findings);
  const caseNumber = requireCaseNumber(raw, findings);
  const filedAt = requireFilingDate(raw, findings);
  const parties = requireParties(raw.dsr, findings);
  const narrative = requireNarrative(raw, findings);
  if (
    sourceRecordId === undefined ||
    caseNumber === undefined ||
    filedAt === undefined ||
    parties === undefined ||
    narrative === undefined
  ) {
    return { ok: false, errors: findings.errors, warnings: findings.warnings };
  }

  const caseClass = mapCaseClass(raw.ajlb, sourceRecordId, caseNumber, findings);
  const cause = trimmedText(raw.laay);
  const closedAt = closingDate(raw.jarq, findings);
  const outcome = trimmedText(raw.jafs);
  const status = mapStatus(raw, filedAt, closedAt, outcome, findings);
  const court = cleanText(raw.fymc);
  const report: ClearReport = {
    sourceId: manifest.sourceId,
    sourceRecordId,
    referenceNumbers: [caseNumber],
    channel: 'court',
    reportedAt: filedAt,
    title: cause === undefined ? caseNumber : `${caseNumber} ${cause}`,
    narrative,
    appealType: caseClass.known?.name ?? caseClass.code,
    category: mapCategory(cause, findings),
    status,
    steps: stepsOf(filedAt, closedAt, status, court, outcome),
    ...optional('deadline', mapDeadline(raw.sx, filedAt, caseClass, findings)),
    ...optional('handlingUnit', cleanText(raw.wpdw) ?? court),
    ...optional('outcome', outcome),
    parties,
    ...optional('location', mapLocation(raw.fydm, caseNumber, parties, findings)),
    links: mapLinks(raw.wpdjh, findings),
  };
  keepCaseClass(caseClass, findings);
  findings.keep('fymc', court);
  const unknown = unknownFieldsOf(raw, KNOWN_FIELDS);
  if (unknown) findings.keep('unknownFields', unknown);
  const sourceAttributes = findings.sourceAttributes();
  if (sourceAttributes) report.sourceAttributes = sourceAttributes;
  return { ok: true, report, warnings: findings.warnings };
}

/** The record's id (ajbs), half-width without whitespace; undefined when missing, empty or an inexact JSON number. */
export function courtCaseIdOf(raw: unknown): string | undefined {
  return isRecord(raw) ? identifierOf(raw[manifest.idField]) : undefined;
}

function requireId(raw: Record<string, unknown>, findings: Findings): string | undefined {
  const id = identifierOf(raw.ajbs);
  if (id === undefined) {
    findings.fail(
      'ajbs',
      isInexactNumber(raw.ajbs)
        ? `ajbs arrived as the JSON number ${show(raw.ajbs)}, too large to keep all 18 digits; send it as a string`
        : `ajbs is missing or empty (got ${show(raw.ajbs)}); every case needs its case id (案件标识)`,
    );
  }
  return id;
}

function requireCaseNumber(raw: Record<string, unknown>, findings: Findings): string | undefined {
  const text = cleanText(raw.ah);
  const caseNumber = text === undefined ? undefined : normaliseCaseNumber(text);
  if (caseNumber === undefined) {
    findings.fail('ah', `ah is missing or empty (got ${show(raw.ah)}); the case number (案号) is required`);
    return undefined;
  }
  if (partsOfCaseNumber(caseNumber) === undefined) {
    findings.warn(
      'ah',
      `case number ${show(raw.ah)} does not have the usual form (年份)法院代字类型代字序号号, e.g. ` +
        '(2024)浙0681民初1234号; kept as given, half-width and without spaces',
    );
  }
  return caseNumber;
}

function requireFilingDate(raw: Record<string, unknown>, findings: Findings): string | undefined {
  const parsed = parseSourceDateTime(raw.larq);
  if (parsed.ok) return parsed.iso;
  findings.fail(
    'larq',
    `larq ${show(raw.larq)} is not a usable date (${parsed.reason}); the date filed (立案日期) is required`,
  );
  return undefined;
}

/** ajxx, the case summary; without it the cause of action (laay) stands in for it. */
function requireNarrative(raw: Record<string, unknown>, findings: Findings): string | undefined {
  const text = trimmedText(raw.ajxx) ?? trimmedText(raw.laay);
  if (text === undefined) {
    findings.fail(
      'ajxx',
      `ajxx is missing or empty (got ${show(raw.ajxx)}) and so is laay (got ${show(raw.laay)}); a case needs its ` +
        'summary (案情摘要) or at least its cause of action (案由)',
    );
  }
  return text;
}

function requireParties(value: unknown, findings: Findings): ClearPartyMention[] | undefined {
  if (isRecord(value)) {
    findings.warn('dsr', 'dsr should be an array; read the single object as its only party');
    return requireParties([value], findings);
  }
  if (!Array.isArray(value) || value.length === 0) {
    const got = Array.isArray(value) || isBlank(value) ? show(value) : describeType(value);
    findings.fail('dsr', `dsr must list at least one party (当事人); got ${got}`);
    return undefined;
  }
  const parties = value.flatMap((item, index) => partyOf(item, `dsr[${index}]`, findings) ?? []);
  if (parties.length === 0) {
    findings.fail(
      'dsr',
      `none of the parties in dsr names anyone (no name, ID number, phone or address): ${show(value)}`,
    );
    return undefined;
  }
  return parties;
}

function partyOf(item: unknown, path: string, findings: Findings): ClearPartyMention | undefined {
  if (!isRecord(item)) {
    if (!isBlank(item))
      findings.warn(path, `a party should be an object, got ${describeType(item)}; skipped`);
    return undefined;
  }
  const unknown = unknownFieldsOf(item, KNOWN_PARTY_FIELDS);
  // Names only: values of unknown party fields may be personal data, which never goes to sourceAttributes.
  if (unknown) keepUnder(findings, 'partyUnknownFields', path, Object.keys(unknown));
  const kind = partyKindOf(item, path, findings);
  const sourceRole = trimmedText(item.ssdw);
  const roles = [roleOf(item.ssdw, path, findings)];
  const phones = readPhones([{ path: `${path}.lxdh`, value: item.lxdh }], findings);
  const address = readAddress(item.dz);
  const contact = {
    ...optional('phones', phones.length > 0 ? phones : undefined),
    ...optional('addresses', address === undefined ? undefined : [address]),
  };
  if (kind === 'organization') {
    const organizationName = cleanText(item.mc);
    const creditCode = readCreditCode(item.zjhm, `${path}.zjhm`, findings);
    if (organizationName === undefined && creditCode === undefined && phones.length === 0 && !address) {
      return skipped(item, path, findings);
    }
    return {
      kind,
      roles,
      ...optional('sourceRole', sourceRole),
      ...optional('organizationName', organizationName),
      ...optional('creditCode', creditCode),
      ...contact,
    };
  }
  const name = readName(item.mc);
  const residentId = readResidentId(item.zjhm, `${path}.zjhm`, findings);
  if (name === undefined && residentId === undefined && phones.length === 0 && !address) {
    return skipped(item, path, findings);
  }
  return {
    kind: 'person',
    roles,
    ...optional('sourceRole', sourceRole),
    ...optional('name', name),
    ...optional('residentId', residentId),
    ...contact,
  };
}

function skipped(item: Record<string, unknown>, path: string, findings: Findings): undefined {
  if (Object.values(item).some((v) => !isBlank(v))) {
    findings.warn(path, 'the party names no one (no name, ID number, phone or address); skipped');
  }
  return undefined;
}

/** lx; without it, an organisation when zjhm is a valid credit code or mc reads as an organisation's name. */
function partyKindOf(item: Record<string, unknown>, path: string, findings: Findings): PartyKind {
  const known = isBlank(item.lx) ? undefined : partyKinds.get(codeKey(item.lx));
  if (known !== undefined) return known;
  const inferred = looksLikeOrganization(item) ? 'organization' : 'person';
  if (!isBlank(item.lx)) {
    findings.warn(
      `${path}.lx`,
      `unknown party type ${show(item.lx)}; read as ${inferred === 'person' ? 'a person' : 'an organisation'} ` +
        `from the name and number (known: ${[...partyKinds.keys()].join(', ')})`,
    );
  }
  return inferred;
}

function looksLikeOrganization(item: Record<string, unknown>): boolean {
  if (normaliseCreditCode(item.zjhm)?.status === 'valid') return true;
  const name = cleanText(item.mc) ?? '';
  return tables.organisationNameWords.some((word) => name.includes(word));
}

function roleOf(value: unknown, path: string, findings: Findings): PartyRole {
  const role = isBlank(value) ? undefined : partyRoles.get(codeKey(value));
  if (role === undefined) {
    findings.warn(
      `${path}.ssdw`,
      `${isBlank(value) ? 'ssdw is missing' : `unknown litigation role ${show(value)}`}; the party is "involved" ` +
        `(known: ${[...partyRoles.keys()].join(', ')})`,
    );
  }
  return role ?? 'involved';
}

/** ajlb; when missing, the class the ajbs (digits 9–12) or the case number's type word (民初, 民诉前调…) gives. */
function mapCaseClass(
  value: unknown,
  caseId: string,
  caseNumber: string,
  findings: Findings,
): ResolvedCaseClass {
  // A class sent as a JSON number has lost its leading zero (301 for 0301).
  const given = cleanText(value)
    ?.replace(/\s+/g, '')
    .replace(/^\d{3}$/, (digits) => `0${digits}`);
  if (given !== undefined) {
    const known = caseClasses.get(codeKey(given));
    if (known === undefined) {
      findings.warn(
        'ajlb',
        `unknown case class ${show(value)}; kept in sourceAttributes.ajlb and as the appealType (known: ` +
          `${[...caseClasses.entries()].map(([code, c]) => `${code} ${c.name}`).join(', ')})`,
      );
    }
    return { code: given, ...optional('known', known) };
  }
  const fromId = /^\d{18}$/.test(caseId) ? caseId.slice(8, 12) : undefined;
  const byId = fromId === undefined ? undefined : caseClasses.get(fromId);
  if (fromId !== undefined && byId !== undefined) return { code: fromId, known: byId, derivedFrom: 'ajbs' };
  const typeWord = partsOfCaseNumber(caseNumber)?.caseType;
  const fromNumber = typeWord === undefined ? undefined : caseClassesByTypeWord.get(codeKey(typeWord));
  const byNumber = fromNumber === undefined ? undefined : caseClasses.get(fromNumber);
  if (fromNumber !== undefined && byNumber !== undefined) {
    return { code: fromNumber, known: byNumber, derivedFrom: 'ah' };
  }
  findings.warn(
    'ajlb',
    `ajlb is missing and neither ajbs nor the case number tells the case class; appealType "${UNKNOWN_CASE_CLASS}"`,
  );
  return { code: UNKNOWN_CASE_CLASS };
}

function keepCaseClass(caseClass: ResolvedCaseClass, findings: Findings): void {
  if (caseClass.code === UNKNOWN_CASE_CLASS) return;
  findings.keep('ajlb', caseClass.code);
  findings.keep('ajlbDerivedFrom', caseClass.derivedFrom);
}

/** The cause of action verbatim, and the category it maps to: exactly, else by the first keyword it contains. */
function mapCategory(cause: string | undefined, findings: Findings): Category {
  if (cause === undefined) return { code: '其他', sourceValue: '' };
  const key = codeKey(cause);
  const code = causesExact.get(key) ?? causesByKeyword.find(([word]) => key.includes(word))?.[1];
  if (code === undefined) {
    findings.warn(
      'laay',
      `cause of action ${show(cause)} has no entry in code-tables.json causes; category "其他"`,
    );
  }
  return {
    code: code ?? '其他',
    sourceValue: cause,
    causeOfAction: cause,
    ...optional('isDispute', code === undefined ? undefined : true),
  };
}

function closingDate(value: unknown, findings: Findings): string | undefined {
  if (isBlank(value)) return undefined;
  const parsed = parseSourceDateTime(value);
  if (parsed.ok) return parsed.iso;
  findings.warn(
    'jarq',
    `jarq ${show(value)} is not a usable date (${parsed.reason}); kept in sourceAttributes.jarq`,
  );
  findings.keep('jarq', value);
  return undefined;
}

function mapStatus(
  raw: Record<string, unknown>,
  filedAt: string,
  closedAt: string | undefined,
  outcome: string | undefined,
  findings: Findings,
): Status {
  const sourceValue = trimmedText(raw.ajzt) ?? '';
  let code = statuses.get(codeKey(raw.ajzt));
  if (code === undefined) {
    code = closedAt !== undefined || outcome !== undefined ? 'resolved' : 'registered';
    const problem = sourceValue === '' ? 'ajzt is missing' : `unknown case status ${show(raw.ajzt)}`;
    findings.warn(
      'ajzt',
      `${problem}; status "${code}" ${code === 'resolved' ? 'taken from jarq/jafs' : 'assumed'} ` +
        `(known: ${[...statuses.keys()].join(', ')})`,
    );
  }
  const finished = code === 'resolved' || code === 'closed';
  if (closedAt !== undefined && !finished) {
    findings.warn(
      'jarq',
      `jarq is given but the case status is "${sourceValue}"; kept in sourceAttributes.jarq`,
    );
    findings.keep('jarq', raw.jarq);
  }
  const since = finished ? closedAt : code === 'registered' ? filedAt : undefined;
  return { code, sourceValue, ...optional('since', since) };
}

/** The case has no step list: its filing (立案) and, once closed, its closing (结案) are its steps. */
function stepsOf(
  filedAt: string,
  closedAt: string | undefined,
  status: Status,
  court: string | undefined,
  outcome: string | undefined,
): Step[] {
  const filed: Step = {
    at: filedAt,
    action: 'register',
    sourceAction: '立案',
    ...optional('fromUnit', court),
  };
  const finished = status.code === 'resolved' || status.code === 'closed';
  if (closedAt === undefined || !finished) return [filed];
  const closed: Step = {
    at: closedAt,
    action: 'resolve',
    sourceAction: '结案',
    ...optional('fromUnit', court),
    ...optional('comment', outcome),
  };
  return Date.parse(closedAt) < Date.parse(filedAt) ? [closed, filed] : [filed, closed];
}

/** sx; without it, a pre-filing mediation is due 30 days after larq; other classes have no deadline here. */
function mapDeadline(
  sx: unknown,
  filedAt: string,
  caseClass: ResolvedCaseClass,
  findings: Findings,
): Deadline | undefined {
  const explicit = explicitDeadline({ value: sx, path: 'sx', label: '调解期限' }, findings);
  if (explicit) return explicit;
  const rule = caseClass.known?.deadline;
  return rule === undefined ? undefined : calendarDaysAfter(rule.days, filedAt, rule.rule);
}

/**
 * The court's division (fydm, else the court code inside the case number), refined to the finest division that
 * the addresses of all parties share, when at least two parties' addresses name divisions inside the court's.
 */
function mapLocation(
  fydm: unknown,
  caseNumber: string,
  parties: ClearPartyMention[],
  findings: Findings,
): Location | undefined {
  const courtCode = courtDivisionCode(fydm, caseNumber, findings);
  if (courtCode === undefined) return undefined;
  const court = findDivisionByCode(courtCode);
  const shared = court && divisionSharedByParties(parties, court);
  if (shared === undefined) {
    return divisionLocationOfCode({ code: courtCode, ...optional('known', court) }, 'court-code');
  }
  findings.keep('courtDivisionCode', courtCode);
  return divisionLocationOfCode({ code: shared.code, known: shared }, 'address-text');
}

function courtDivisionCode(fydm: unknown, caseNumber: string, findings: Findings): string | undefined {
  const inCaseNumber = partsOfCaseNumber(caseNumber)?.courtCode;
  const fromCaseNumber = inCaseNumber === undefined ? undefined : divisionCodeOfCourt(inCaseNumber);
  const numberCode = fromCaseNumber?.ok ? fromCaseNumber.code : undefined;
  const given = cleanText(fydm);
  if (given === undefined) return numberCode;
  const fromFydm = divisionCodeOfCourt(given);
  if (!fromFydm.ok) {
    findings.warn(
      'fydm',
      `court code ${show(fydm)} is not usable (${fromFydm.reason}); kept in sourceAttributes.fydm` +
        (numberCode ? `, and the court code of the case number (${numberCode}) is used` : ''),
    );
    findings.keep('fydm', fydm);
    return numberCode;
  }
  if (numberCode !== undefined && numberCode !== fromFydm.code) {
    findings.warn(
      'fydm',
      `court code ${show(fydm)} (${fromFydm.code}) disagrees with the case number's court code (${numberCode}); ` +
        'fydm is used',
    );
  }
  return fromFydm.code;
}

function divisionSharedByParties(parties: ClearPartyMention[], court: Division): Division | undefined {
  const placed = parties.flatMap((party) => {
    const code = party.addresses?.find((a) => a.divisionCode !== undefined)?.divisionCode;
    const division = code === undefined ? undefined : findDivisionByCode(code);
    return division ? [division] : [];
  });
  const [first, ...others] = placed;
  if (first === undefined || others.length === 0) return undefined;
  if (!placed.every((d) => isWithinDivision(d, court.code))) return undefined;
  for (let candidate: Division | undefined = first; candidate; ) {
    const code: string = candidate.code;
    if (code === court.code) return undefined;
    if (placed.every((d) => isWithinDivision(d, code))) return candidate;
    candidate = candidate.parentCode === undefined ? undefined : findDivisionByCode(candidate.parentCode);
  }
  return undefined;
}

/** wpdjh: the record the case was referred from, its source told from its shape when the shape is unambiguous. */
function mapLinks(value: unknown, findings: Findings): SourceLink[] {
  const reference = identifierOf(value);
  if (reference === undefined) {
    if (isInexactNumber(value)) {
      findings.warn(
        'wpdjh',
        `wpdjh arrived as the JSON number ${show(value)}, too large to keep every digit; no link made, the value ` +
          'kept in sourceAttributes.wpdjh (the source must send it as a string)',
      );
      findings.keep('wpdjh', value);
    }
    return [];
  }
  const source = sourceOfReference(reference);
  if (source === undefined) {
    return [{ kind: 'unknown-source-record', field: 'wpdjh', value: reference, relation: 'referred-from' }];
  }
  return [
    {
      kind: source.kind,
      field: 'wpdjh',
      value: source.value,
      targetSourceId: source.targetSourceId,
      relation: 'referred-from',
    },
  ];
}

/** Keeps a value under `group[path]` in sourceAttributes (`partyUnknownFields["dsr[1]"]`). */
function keepUnder(findings: Findings, group: string, path: string, value: unknown): void {
  const existing = findings.attributes[group];
  findings.keep(group, { ...(isRecord(existing) ? existing : {}), [path]: value });
}
