/** Maps one petition item (信访件) to the canonical Report, as the petition source contract describes it. */
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
import { parseCount } from '../engine/chinese-numerals.js';
import { codeKey, keyedTable } from '../engine/code-keys.js';
import { locationOfPlace, type PlaceFields } from '../engine/division-location.js';
import { Findings } from '../engine/findings.js';
import { readAddress, readCreditCode, readSex } from '../engine/party-details.js';
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
import { calendarDaysAfter, explicitDeadline } from '../engine/source-deadlines.js';
import manifest from './adapter.json' with { type: 'json' };
import tables from './code-tables.json' with { type: 'json' };

type StepAction = Step['action'];
type Extension = NonNullable<Deadline['extensions']>[number];
type LodgingLevel = 'county' | 'city' | 'province' | 'national';

interface ProblemCategory {
  code: CategoryCode;
  dispute: boolean;
}

interface PartySide {
  field: 'xfr' | 'bxfr';
  roles: PartyRole[];
  /** The role the source's field stands for, kept as the mention's sourceRole. */
  sourceRole: string;
}

/** The fields the contract names; anything else is an unknown extra field, kept in sourceAttributes.unknownFields. */
const KNOWN_FIELDS = new Set([
  'xfjbh',
  'xfrq',
  'xfxs',
  'xfrs',
  'xfr',
  'bxfr',
  'xfmd',
  'xfxz',
  'wtlb',
  'xfsq',
  'wtsd',
  'cbdw',
  'bjqx',
  'slrq',
  'sfcf',
  'cfcs',
  'state',
  'work_id',
  'bljg',
  'yq',
  'lcjl',
]);
const KNOWN_PARTY_FIELDS = new Set(['xm', 'xb', 'sfzh', 'lxdh', 'xzz', 'hjdz', 'sfzy', 'dwmc', 'tyshxydm']);
const KNOWN_STEP_FIELDS = new Set(['dz', 'sj', 'dw', 'yj']);
const KNOWN_PLACE_FIELDS = new Set(['dz', 'qhdm']);
const KNOWN_EXTENSION_FIELDS = new Set(['yqts', 'yqly']);
const ADDRESS_FIELDS = ['xzz', 'hjdz'] as const;

const PETITIONERS: PartySide = { field: 'xfr', roles: ['petitioner', 'complainant'], sourceRole: '信访人' };
const RESPONDENTS: PartySide = { field: 'bxfr', roles: ['respondent'], sourceRole: '被信访人' };

const states = keyedTable(tables.states.codes as Record<string, { label: string; status: StatusCode }>);
const statesByLabel = new Map([...states.values()].map((s) => [codeKey(s.label), s]));
const stepActions = keyedTable(
  withoutComment(tables.stepActions) as Record<string, { action: StepAction; status?: StatusCode }>,
);
const lodgingLevels = keyedTable(withoutComment(tables.lodgingLevels) as Record<string, LodgingLevel>);
const knownForms = new Set(tables.forms.known.map(codeKey));
const natures = keyedTable(withoutComment(tables.natures) as Record<string, { isDispute?: boolean }>);
const yesNo = keyedTable(tables.yesNo as Record<string, boolean>);
const categoriesByPath = keyedTable(tables.problemCategories.byPath as Record<string, ProblemCategory>);
const categoriesByName = keyedTable(tables.problemCategories.byName as Record<string, ProblemCategory>);
const PATH_SEPARATOR = /\s*[/>＞／|｜\\]\s*/;

interface MappedStep {
  step: Step;
  instant: number;
}

/**
 * Maps one raw petition item. Steps:
 * 1. reject a record that is not an object or lacks xfjbh, a usable xfrq, a petitioner or xfsq;
 * 2. map the steps (lcjl, sorted by time), then status, category, deadline, parties, location and link;
 * 3. keep every field with no canonical home, and unknown extra fields, in sourceAttributes.
 */
export function mapPetition(raw: unknown, _context: MapContext): MapResult {
  if (!isRecord(raw)) {
    const message = `a petition item must be a JSON object; got ${describeType(raw)}`;
    return { ok: false, errors: [{ path: '$', message, stage: 'map' }], warnings: [] };
  }
  const findings = new Findings();
  const sourceRecordId = requireId(raw, findings);
  const reportedAt = requireReceivedDate(raw, findings);
  const petitioners = requirePetitioners(raw.xfr, findings);
  const narrative = requireRequest(raw, findings);
  if (
    sourceRecordId === undefined ||
    reportedAt === undefined ||
    petitioners === undefined ||
    narrative === undefined
  ) {
    return { ok: false, errors: findings.errors, warnings: findings.warnings };
  }

  const steps = mapSteps(raw.lcjl, findings);
  const status = mapStatus(raw.state, steps, findings);
  const location = mapLocation(raw.wtsd, findings);
  const partyCount = mapPartyCount(raw.xfrs, petitioners.length, findings);
  const report: ClearReport = {
    sourceId: manifest.sourceId,
    sourceRecordId,
    channel: 'petition',
    reportedAt,
    narrative,
    ...optional('appealType', trimmedText(raw.xfxz)),
    category: mapCategory(raw.wtlb, raw.xfxz, findings),
    status,
    steps,
    ...optional('deadline', mapDeadline(raw, steps, findings)),
    ...optional('handlingUnit', cleanText(raw.cbdw)),
    ...optional('outcome', outcomeOf(raw.bljg, status, steps)),
    parties: [...petitioners, ...mapParties(raw.bxfr, RESPONDENTS, findings)],
    ...optional('partyCount', partyCount),
    ...optional('location', location),
    links: mapLinks(raw, findings),
  };
  keepGroupPetition(partyCount, petitioners.length, findings);
  keepLodgingLevel(raw.xfmd, location, findings);
  keepAttributes(raw, findings);
  const sourceAttributes = findings.sourceAttributes();
  if (sourceAttributes) report.sourceAttributes = sourceAttributes;
  return { ok: true, report, warnings: findings.warnings };
}

/** The record's id (xfjbh), half-width without whitespace, or undefined when missing or empty. */
export function petitionIdOf(raw: unknown): string | undefined {
  return isRecord(raw) ? identifierOf(raw[manifest.idField]) : undefined;
}

function requireId(raw: Record<string, unknown>, findings: Findings): string | undefined {
  const id = identifierOf(raw.xfjbh);
  if (id === undefined) {
    findings.fail(
      'xfjbh',
      isInexactNumber(raw.xfjbh)
        ? `xfjbh arrived as the JSON number ${show(raw.xfjbh)}, too large to keep every digit; send it as a string`
        : `xfjbh is missing or empty (got ${show(raw.xfjbh)}); every petition item needs its number (信访件编号)`,
    );
  }
  return id;
}

function requireReceivedDate(raw: Record<string, unknown>, findings: Findings): string | undefined {
  const parsed = parseSourceDateTime(raw.xfrq);
  if (parsed.ok) return parsed.iso;
  findings.fail(
    'xfrq',
    `xfrq ${show(raw.xfrq)} is not a usable date/time (${parsed.reason}); the date received (信访日期) is required`,
  );
  return undefined;
}

function requireRequest(raw: Record<string, unknown>, findings: Findings): string | undefined {
  const text = trimmedText(raw.xfsq);
  if (text === undefined) {
    findings.fail(
      'xfsq',
      `xfsq is missing or empty (got ${show(raw.xfsq)}); the petitioner's request (信访诉求) is required`,
    );
  }
  return text;
}

function requirePetitioners(value: unknown, findings: Findings): ClearPartyMention[] | undefined {
  const given = isBlank(value) || (Array.isArray(value) && value.length === 0);
  if (given || (!Array.isArray(value) && !isRecord(value))) {
    findings.fail(
      'xfr',
      `xfr must list at least one petitioner (信访人); got ${given ? show(value) : describeType(value)}`,
    );
    return undefined;
  }
  const petitioners = mapParties(value, PETITIONERS, findings);
  if (petitioners.length === 0) {
    findings.fail(
      'xfr',
      `none of the petitioners in xfr names anyone (no name, ID number, phone or address): ${show(value)}`,
    );
    return undefined;
  }
  markPrimary(petitioners, findings);
  return petitioners;
}

/** A sole petitioner is the primary one; several marked primary are kept as the source says, with a warning. */
function markPrimary(petitioners: ClearPartyMention[], findings: Findings): void {
  const primaries = petitioners.filter((p) => p.primary === true);
  if (primaries.length > 1) {
    findings.warn(
      'xfr',
      `${primaries.length} petitioners are marked primary (sfzy); all are kept as primary`,
    );
  }
  const [only] = petitioners;
  if (petitioners.length === 1 && only !== undefined && only.primary === undefined) only.primary = true;
}

function mapParties(value: unknown, side: PartySide, findings: Findings): ClearPartyMention[] {
  if (isBlank(value)) return [];
  if (isRecord(value)) {
    findings.warn(side.field, `${side.field} should be an array; read the single object as its only entry`);
    return partiesOf(value, side.field, side, findings);
  }
  if (!Array.isArray(value)) {
    findings.warn(side.field, `${side.field} should be an array, got ${describeType(value)}; no party read`);
    return [];
  }
  return value.flatMap((item, index) => partiesOf(item, `${side.field}[${index}]`, side, findings));
}

/** One entry of xfr or bxfr: a person, or an organisation (dwmc/tyshxydm) with its contact person when named. */
function partiesOf(item: unknown, path: string, side: PartySide, findings: Findings): ClearPartyMention[] {
  if (typeof item === 'string' && trimmedText(item) !== undefined) {
    findings.warn(path, `an entry should be an object; the string was read as the person's name`);
    return partiesOf({ xm: item }, path, side, findings);
  }
  if (!isRecord(item)) {
    if (!isBlank(item))
      findings.warn(path, `an entry should be an object, got ${describeType(item)}; skipped`);
    return [];
  }
  const unknown = unknownFieldsOf(item, KNOWN_PARTY_FIELDS);
  // Names only: values of unknown party fields may be personal data, which never goes to sourceAttributes.
  if (unknown) keepUnder(findings, 'partyUnknownFields', path, Object.keys(unknown));
  const isOrganization = cleanText(item.dwmc) !== undefined || cleanText(item.tyshxydm) !== undefined;
  const parties = isOrganization
    ? organizationOf(item, path, side, findings)
    : [personOf(item, path, side.roles, side.sourceRole, findings)];
  const mapped = parties.filter((p): p is ClearPartyMention => p !== undefined);
  if (mapped.length === 0 && Object.values(item).some((v) => !isBlank(v))) {
    findings.warn(path, `the entry names no one (no name, ID number, phone or address); skipped`);
  }
  return mapped;
}

function personOf(
  item: Record<string, unknown>,
  path: string,
  roles: PartyRole[],
  sourceRole: string,
  findings: Findings,
): ClearPartyMention | undefined {
  const name = readName(item.xm);
  const residentId = readResidentId(item.sfzh, `${path}.sfzh`, findings);
  const phones = readPhones([{ path: `${path}.lxdh`, value: item.lxdh }], findings);
  const addresses = addressesOf(item, path, findings);
  const sex = sexOf(item.xb, `${path}.xb`, findings);
  const primary = flagOf(item.sfzy, `${path}.sfzy`, findings);
  if (name === undefined && residentId === undefined && phones.length === 0 && addresses.length === 0) {
    return undefined;
  }
  return {
    kind: 'person',
    roles,
    sourceRole,
    ...optional('primary', roles.includes('petitioner') ? primary : undefined),
    ...optional('name', name),
    ...optional('sex', sex),
    ...optional('residentId', residentId),
    ...optional('phones', phones.length > 0 ? phones : undefined),
    ...optional('addresses', addresses.length > 0 ? addresses : undefined),
  };
}

function organizationOf(
  item: Record<string, unknown>,
  path: string,
  side: PartySide,
  findings: Findings,
): (ClearPartyMention | undefined)[] {
  const organizationName = cleanText(item.dwmc);
  const creditCode = readCreditCode(item.tyshxydm, `${path}.tyshxydm`, findings);
  // A person named on an organisation's entry is its contact; the phone given is then theirs.
  const contact = isBlank(item.xm)
    ? undefined
    : personOf(item, path, ['contact'], `${side.sourceRole}单位联系人`, findings);
  const phones = contact ? [] : readPhones([{ path: `${path}.lxdh`, value: item.lxdh }], findings);
  const addresses = contact ? [] : addressesOf(item, path, findings);
  const nothing = organizationName === undefined && creditCode === undefined && phones.length === 0;
  if (nothing && addresses.length === 0) return [contact];
  const organization: ClearPartyMention = {
    kind: 'organization',
    roles: side.roles,
    sourceRole: side.sourceRole,
    ...optional('organizationName', organizationName),
    ...optional('creditCode', creditCode),
    ...optional('phones', phones.length > 0 ? phones : undefined),
    ...optional('addresses', addresses.length > 0 ? addresses : undefined),
  };
  return [organization, contact];
}

/** xzz then hjdz; which field each address came from is kept in sourceAttributes.partyAddressFields. */
function addressesOf(item: Record<string, unknown>, path: string, findings: Findings): Location[] {
  const found = ADDRESS_FIELDS.map((field) => ({ field, location: readAddress(item[field]) })).filter(
    (a): a is { field: (typeof ADDRESS_FIELDS)[number]; location: Location } => a.location !== undefined,
  );
  if (found.length > 0)
    keepUnder(
      findings,
      'partyAddressFields',
      path,
      found.map((a) => a.field),
    );
  return found.map((a) => a.location);
}

/** 男/女; another value is warned about and stays only in the raw record (it describes a person). */
function sexOf(value: unknown, path: string, findings: Findings): 'male' | 'female' | undefined {
  const { sex, unread } = readSex(value);
  if (unread !== undefined) findings.warn(path, `unknown sex ${show(unread)}; expected 男 or 女, left unset`);
  return sex;
}

/** true/false, 是/否, 1/0, Y/N; another value is warned about and left unread. */
function flagOf(
  value: unknown,
  path: string,
  findings: Findings,
  whenUnread = 'left unset',
): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (isBlank(value)) return undefined;
  const flag = yesNo.get(codeKey(value));
  if (flag === undefined) {
    findings.warn(path, `unknown flag ${show(value)}; expected true/false or 是/否, ${whenUnread}`);
  }
  return flag;
}

function mapPartyCount(value: unknown, listed: number, findings: Findings): number | undefined {
  if (isBlank(value)) return undefined;
  const count = countOf(value);
  if (count === undefined) {
    findings.warn(
      'xfrs',
      `xfrs ${show(value)} is not a whole number of petitioners; kept in sourceAttributes.xfrs`,
    );
    findings.keep('xfrs', value);
    return undefined;
  }
  if (count < listed) {
    findings.warn(
      'xfrs',
      `xfrs says ${count} petitioners but xfr lists ${listed}; partyCount kept as the source says`,
    );
  }
  return count;
}

/** 集体访: 5 or more petitioners, by xfrs or by the petitioners listed. */
function keepGroupPetition(partyCount: number | undefined, listed: number, findings: Findings): void {
  if (Math.max(partyCount ?? 0, listed) >= tables.groupPetitionThreshold)
    findings.keep('groupPetition', true);
}

function mapSteps(value: unknown, findings: Findings): Step[] {
  if (isBlank(value)) return [];
  if (!Array.isArray(value)) {
    findings.warn(
      'lcjl',
      `lcjl should be an array, got ${describeType(value)}; kept in sourceAttributes.lcjl`,
    );
    findings.keep('lcjl', value);
    return [];
  }
  const unplaced: unknown[] = [];
  const mapped: MappedStep[] = [];
  value.forEach((item, index) => {
    const path = `lcjl[${index}]`;
    const step = mapStep(item, path, findings);
    if (step === undefined) unplaced.push(item);
    else mapped.push(step);
    const extra = isRecord(item) ? unknownFieldsOf(item, KNOWN_STEP_FIELDS) : undefined;
    if (extra) keepUnder(findings, 'stepExtraFields', path, extra);
  });
  if (unplaced.length > 0) findings.keep('unplacedSteps', unplaced);
  return mapped.sort((a, b) => a.instant - b.instant).map((m) => m.step);
}

function mapStep(item: unknown, path: string, findings: Findings): MappedStep | undefined {
  if (!isRecord(item)) {
    findings.warn(
      path,
      `a step should be an object, got ${describeType(item)}; kept in sourceAttributes.unplacedSteps`,
    );
    return undefined;
  }
  const time = parseSourceDateTime(item.sj);
  if (!time.ok) {
    findings.warn(
      `${path}.sj`,
      `step time ${show(item.sj)} is not usable (${time.reason}); step kept in sourceAttributes.unplacedSteps`,
    );
    return undefined;
  }
  const sourceAction = trimmedText(item.dz) ?? '';
  const known = stepActions.get(codeKey(sourceAction));
  if (known === undefined) {
    findings.warn(
      `${path}.dz`,
      `unknown step action ${show(item.dz)}; mapped to "other" (known: ${[...stepActions.keys()].join(', ')})`,
    );
  }
  const step: Step = {
    at: time.iso,
    action: known?.action ?? 'other',
    sourceAction,
    ...optional('fromUnit', cleanText(item.dw)),
    ...optional('comment', trimmedText(item.yj)),
  };
  return { step, instant: Date.parse(time.iso) };
}

function mapStatus(value: unknown, steps: Step[], findings: Findings): Status {
  const sourceValue = cleanText(value) ?? '';
  const key = codeKey(value);
  const since = steps.at(-1)?.at;
  const known = states.get(key) ?? statesByLabel.get(key);
  if (known !== undefined) return { code: known.status, sourceValue, ...optional('since', since) };
  const fromSteps = statusImpliedBySteps(steps);
  const problem = sourceValue === '' ? 'state is missing' : `unknown state ${show(value)}`;
  findings.warn(
    'state',
    `${problem}; status "${fromSteps ?? 'registered'}" ${fromSteps ? 'taken from the latest step' : 'assumed'} ` +
      `(known: 0–9 or ${[...states.values()].map((s) => s.label).join(', ')})`,
  );
  return { code: fromSteps ?? 'registered', sourceValue, ...optional('since', since) };
}

function statusImpliedBySteps(steps: Step[]): StatusCode | undefined {
  for (const step of [...steps].reverse()) {
    const status = stepActions.get(codeKey(step.sourceAction))?.status;
    if (status !== undefined) return status;
  }
  return undefined;
}

function mapCategory(wtlb: unknown, xfxz: unknown, findings: Findings): Category {
  const levels = categoryLevels(wtlb, findings);
  const sourceValue = levels.join(' / ');
  const known = lookUpCategory(levels);
  if (known === undefined && sourceValue !== '') {
    findings.warn(
      'wtlb',
      `problem category "${sourceValue}" has no entry in code-tables.json problemCategories; category "其他"`,
    );
  }
  const nature = isBlank(xfxz) ? undefined : natures.get(codeKey(xfxz));
  const isDispute = nature?.isDispute ?? known?.dispute;
  return { code: known?.code ?? '其他', sourceValue, ...optional('isDispute', isDispute) };
}

/** The category path as a list of labels: an array of strings, or one string joined with `/` or `>`. */
function categoryLevels(value: unknown, findings: Findings): string[] {
  if (isBlank(value)) return [];
  if (typeof value === 'string') return value.split(PATH_SEPARATOR).flatMap((l) => trimmedText(l) ?? []);
  if (Array.isArray(value)) {
    const notText = value.filter((level) => !isBlank(level) && trimmedText(level) === undefined);
    if (notText.length > 0) {
      findings.warn(
        'wtlb',
        `wtlb should list category labels; its entries that are not text were skipped: ${show(notText)}`,
      );
    }
    return value.flatMap((level) => trimmedText(level) ?? []);
  }
  findings.warn(
    'wtlb',
    `wtlb should be an array of labels, got ${describeType(value)}; kept in sourceAttributes.wtlb`,
  );
  findings.keep('wtlb', value);
  return [];
}

/** Finest first: the full path, the last label, then each shorter path and its last label. */
function lookUpCategory(levels: string[]): ProblemCategory | undefined {
  const keys = levels.map(codeKey);
  for (let depth = keys.length; depth >= 1; depth--) {
    const byPath = categoriesByPath.get(keys.slice(0, depth).join('/'));
    if (byPath) return byPath;
    const byName = categoriesByName.get(keys[depth - 1] ?? '');
    if (byName) return byName;
  }
  return undefined;
}

function mapDeadline(raw: Record<string, unknown>, steps: Step[], findings: Findings): Deadline | undefined {
  const explicit = explicitDeadline({ value: raw.bjqx, path: 'bjqx', label: '办结期限' }, findings);
  const deadline = explicit ?? ruleDeadline(raw.slrq, steps, findings);
  const extensions = extensionsOf(raw.yq, deadline !== undefined, findings);
  return deadline && extensions.length > 0 ? { ...deadline, extensions } : deadline;
}

/** 60 days after slrq; without slrq, after the first 受理 step; without either, none. */
function ruleDeadline(slrq: unknown, steps: Step[], findings: Findings): Deadline | undefined {
  const accepted = acceptedDate(slrq, findings);
  if (accepted !== undefined) return calendarDaysAfter(tables.deadline.days, accepted, tables.deadline.rule);
  const acceptStep = steps.find((s) => s.action === 'accept');
  if (acceptStep === undefined) return undefined;
  return calendarDaysAfter(tables.deadline.days, acceptStep.at, tables.deadline.ruleFromAcceptStep);
}

function acceptedDate(slrq: unknown, findings: Findings): string | undefined {
  if (isBlank(slrq)) return undefined;
  const parsed = parseSourceDateTime(slrq);
  if (parsed.ok) return parsed.iso;
  findings.warn(
    'slrq',
    `slrq ${show(slrq)} is not a usable date (${parsed.reason}); kept in sourceAttributes.slrq, and the deadline ` +
      'counts from the 受理 step if there is one',
  );
  findings.keep('slrq', slrq);
  return undefined;
}

/** yq: an extension of yqts days (the rules allow 30 at most: more is kept, with a warning). */
function extensionsOf(value: unknown, hasDeadline: boolean, findings: Findings): Extension[] {
  if (isBlank(value)) return [];
  if (!isRecord(value)) {
    findings.warn(
      'yq',
      `yq should be an object { yqts, yqly }, got ${describeType(value)}; kept in sourceAttributes.yq`,
    );
    findings.keep('yq', value);
    return [];
  }
  if (isBlank(value.yqts) && isBlank(value.yqly)) return [];
  const days = countOf(value.yqts);
  const usable = days !== undefined && days >= 1;
  if (!usable) {
    findings.warn(
      'yq.yqts',
      `extension days yqts ${show(value.yqts)} is not a whole number of 1 or more; yq kept in sourceAttributes.yq`,
    );
  }
  // The whole extension is kept verbatim when any part of it has no canonical home.
  if (!usable || !hasDeadline || unknownFieldsOf(value, KNOWN_EXTENSION_FIELDS)) findings.keep('yq', value);
  if (!usable || !hasDeadline) return [];
  if (days > tables.deadline.maxExtensionDays) {
    findings.warn(
      'yq.yqts',
      `an extension of ${days} days exceeds the ${tables.deadline.maxExtensionDays} days the petition rules allow; ` +
        'kept as the source says',
    );
  }
  return [{ days, ...optional('reason', trimmedText(value.yqly)) }];
}

/** bljg verbatim; without it, a resolved item's latest 办结 comment. */
function outcomeOf(bljg: unknown, status: Status, steps: Step[]): string | undefined {
  const result = trimmedText(bljg);
  if (result !== undefined) return result;
  if (status.code !== 'resolved' && status.code !== 'closed') return undefined;
  return steps.filter((s) => s.action === 'resolve' && s.comment !== undefined).at(-1)?.comment;
}

function mapLocation(value: unknown, findings: Findings): Location | undefined {
  if (isBlank(value)) return undefined;
  if (typeof value === 'string') return locationOfPlace(placeOf(undefined, value), findings);
  if (!isRecord(value)) {
    findings.warn(
      'wtsd',
      `wtsd should be an object { dz, qhdm }, got ${describeType(value)}; kept in sourceAttributes.wtsd`,
    );
    findings.keep('wtsd', value);
    return undefined;
  }
  const extra = unknownFieldsOf(value, KNOWN_PLACE_FIELDS);
  if (extra) findings.keep('wtsdExtraFields', extra);
  return locationOfPlace(placeOf(value.qhdm, value.dz), findings);
}

/** wtsd's code and address as the fields of a place. */
function placeOf(code: unknown, address: unknown): PlaceFields {
  return {
    code,
    codePath: 'wtsd.qhdm',
    codeKey: 'qhdm',
    addressText: trimmedText(address),
    resolvedByCode: 'source-code',
  };
}

/**
 * xfmd verbatim as lodgedAtLevel, its level as lodgedAtLevelCode, and skipLevel (越级) when a matter placed in a
 * town or village was lodged above 县级.
 */
function keepLodgingLevel(value: unknown, location: Location | undefined, findings: Findings): void {
  const given = cleanText(value);
  if (given === undefined) return;
  findings.keep('lodgedAtLevel', given);
  const level = lodgingLevels.get(codeKey(given));
  if (level === undefined) {
    findings.warn(
      'xfmd',
      `unknown lodging level ${show(value)}; kept in sourceAttributes.lodgedAtLevel (known: ${[...lodgingLevels.keys()].join(', ')})`,
    );
    return;
  }
  findings.keep('lodgedAtLevelCode', level);
  const localMatter = location?.divisionLevel === 'town' || location?.divisionLevel === 'village';
  if (level !== 'county' && localMatter) findings.keep('skipLevel', true);
}

function mapLinks(raw: Record<string, unknown>, findings: Findings): SourceLink[] {
  const workId = identifierOf(raw.work_id);
  if (workId === undefined) {
    if (isInexactNumber(raw.work_id)) {
      findings.warn(
        'work_id',
        `work_id arrived as the JSON number ${show(raw.work_id)}, too large to keep every digit; no link made, the ` +
          'value kept in sourceAttributes.work_id (the source must send it as a string)',
      );
      findings.keep('work_id', raw.work_id);
    }
    return [];
  }
  return [
    {
      kind: 'hotline-work-order',
      field: 'work_id',
      value: workId,
      targetSourceId: 'hotline-12345',
      relation: 'same-matter',
    },
  ];
}

function keepAttributes(raw: Record<string, unknown>, findings: Findings): void {
  const form = cleanText(raw.xfxs);
  findings.keep('xfxs', form);
  if (form !== undefined && !knownForms.has(codeKey(form))) {
    findings.warn(
      'xfxs',
      `unknown petition form ${show(raw.xfxs)}; kept in sourceAttributes.xfxs (known: ${tables.forms.known.join(', ')})`,
    );
  }
  keepRepeat(raw, findings);
  const unknown = unknownFieldsOf(raw, KNOWN_FIELDS);
  if (unknown) findings.keep('unknownFields', unknown);
}

/** sfcf as repeatPetition and cfcs as repeatCount; a value that cannot be read is kept verbatim with a warning. */
function keepRepeat(raw: Record<string, unknown>, findings: Findings): void {
  if (!isBlank(raw.sfcf)) {
    const repeat = flagOf(raw.sfcf, 'sfcf', findings, 'kept in sourceAttributes.sfcf');
    if (repeat === undefined) findings.keep('sfcf', raw.sfcf);
    findings.keep('repeatPetition', repeat);
  }
  if (!isBlank(raw.cfcs)) {
    const count = countOf(raw.cfcs);
    if (count === undefined) {
      findings.warn('cfcs', `cfcs ${show(raw.cfcs)} is not a whole number; kept in sourceAttributes.cfcs`);
      findings.keep('cfcs', raw.cfcs);
    }
    findings.keep('repeatCount', count);
  }
}

/** A whole number of 0 or more: a JSON integer, or digits or Chinese numerals in a string (５, 五, 十二). */
function countOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  const text = cleanText(value);
  return text === undefined ? undefined : parseCount(text);
}

/** Keeps a value under `group[path]` in sourceAttributes (`stepExtraFields["lcjl[2]"]`). */
function keepUnder(findings: Findings, group: string, path: string, value: unknown): void {
  const existing = findings.attributes[group];
  findings.keep(group, { ...(isRecord(existing) ? existing : {}), [path]: value });
}
