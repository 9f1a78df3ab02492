/** Maps one 12345 work order (工单) to the canonical Report, as the hotline-12345 source contract describes it. */
import {
  addCalendarDays,
  addHours,
  addWorkingDays,
  calendarCovers,
} from '../../functions/deadlines/working-day-calendar.js';
import { parseSourceDateTime } from '../../functions/resolution/normalise/datetime.js';
import { normalisePersonName } from '../../functions/resolution/normalise/name.js';
import { splitPhones } from '../../functions/resolution/normalise/phone.js';
import { normaliseResidentId } from '../../functions/resolution/normalise/resident-id.js';
import { cleanText, isNoValuePlaceholder, toHalfWidth } from '../../functions/resolution/normalise/text.js';
import type {
  Category,
  CategoryCode,
  Deadline,
  Location,
  PartyRole,
  PersonName,
  SourceLink,
  Status,
  StatusCode,
  Step,
} from '../../schemas/generated/types.js';
import type { ClearPartyMention, ClearPhone, ClearReport, MapContext, MapResult } from '../engine/adapter.js';
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
import {
  compactCode,
  describeType,
  isBlank,
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

type StepAction = Step['action'];
type DeadlineKind = Deadline['basis']['kind'];
type Extension = NonNullable<Deadline['extensions']>[number];
type DisputeRule = 'from-category' | 'never' | 'unless-category-is-dispute';

interface FormType {
  reporterRoles: PartyRole[];
  deadline: string;
  dispute: DisputeRule;
  nonDisputeCategory?: CategoryCode;
  counterpartyRole?: PartyRole;
}

interface DeadlineRule {
  kind: DeadlineKind;
  amount: number;
  rule: string;
}

interface BusinessType {
  code: CategoryCode;
  dispute: boolean;
}

/** The fields the contract names; anything else is an unknown extra field, kept in sourceAttributes.unknownFields. */
const KNOWN_FIELDS = new Set([
  'formId',
  'busiNumber',
  'createTime',
  'planTime',
  'incomingPhone',
  'cusName',
  'cusSex',
  'cusPhone',
  'cusIdCard',
  'confidential',
  'formTypeName',
  'formOriginName',
  'jjcdName',
  'title',
  'contentText',
  'businessTypeName',
  'businessTypeChildName',
  'businessTypeGrandsonName',
  'areaName',
  'areaCode',
  'busiAddress',
  'formStatusName',
  'handleUnit',
  'steps',
  'satisfaction',
  'unsatisfyAppeal',
  'linked110',
]);
const KNOWN_STEP_FIELDS = new Set(['action', 'time', 'fromUnit', 'toUnit', 'operator', 'comment']);

const statusCodes = withoutComment(tables.formStatuses.codes) as Record<string, StatusCode>;
const statusesWhenDissatisfied = withoutComment(tables.formStatuses.whenDissatisfied) as Record<
  string,
  StatusCode
>;
const stepActions = withoutComment(tables.stepActions) as Record<
  string,
  { action: StepAction; status?: StatusCode }
>;
const supervisionLevels = withoutComment(tables.supervisionLevels) as Record<string, 'red' | 'yellow'>;
const formTypes = withoutComment(tables.formTypes) as unknown as Record<string, FormType>;
const deadlineRules = withoutComment(tables.deadlineRules) as Record<string, DeadlineRule>;
const urgencies = tables.urgencies as Record<string, ClearReport['urgency']>;
const satisfactions = tables.satisfactions as Record<string, ClearReport['satisfaction']>;
const confidentialValues = tables.confidential as Record<string, boolean>;
const sexes = tables.sexes as Record<string, 'male' | 'female'>;
const businessTypesByPath = keyedByPath(tables.businessTypes.byPath as Record<string, BusinessType>);
const businessTypesByName = tables.businessTypes.byName as Record<string, BusinessType>;
const counterpartyPattern = buildCounterpartyPattern(tables.counterpartyCues.cues);
/** Characters that follow 邻居 without being a surname (邻居家某人, 邻居们): never read as a party. */
const NOT_SURNAMES = new Set([...'家们的和与及把说这那有是在将对又也都还不就人一某']);
const CHINESE_DIGITS: Record<string, number> = {
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const EXTENSION_DAYS =
  /(?:延期|延长)[^0-9一二两三四五六七八九十]{0,4}([0-9]+|[一二两三四五六七八九十]+)\s*个?\s*(工作日|自然日|天|日)/;

/**
 * Maps one raw work order. Steps:
 * 1. reject a record that is not an object or lacks formId, a usable createTime or contentText;
 * 2. map steps (sorted by time), then status, category, deadline, parties, location and links;
 * 3. keep every field with no canonical home, and unknown extra fields, in sourceAttributes.
 */
export function mapWorkOrder(raw: unknown, _context: MapContext): MapResult {
  if (!isRecord(raw)) {
    const message = `a work order must be a JSON object; got ${describeType(raw)}`;
    return { ok: false, errors: [{ path: '$', message, stage: 'map' }], warnings: [] };
  }
  const findings = new Findings();
  const sourceRecordId = requireFormId(raw, findings);
  const reportedAt = requireCreateTime(raw, findings);
  const narrative = requireContentText(raw, findings);
  if (sourceRecordId === undefined || reportedAt === undefined || narrative === undefined) {
    return { ok: false, errors: findings.errors, warnings: findings.warnings };
  }

  const steps = mapSteps(raw.steps, findings);
  const satisfaction = mapSatisfaction(raw.satisfaction, findings);
  const urgency = mapUrgency(raw.jjcdName, findings);
  const appealType = cleanText(raw.formTypeName);
  const formType = lookUpFormType(appealType, findings);
  const status = mapStatus(raw.formStatusName, steps, satisfaction, findings);
  const reporter = mapReporter(raw, formType, findings);
  const report: ClearReport = {
    sourceId: manifest.sourceId,
    sourceRecordId,
    channel: 'hotline-12345',
    reportedAt,
    ...optional('title', trimmedText(raw.title)),
    narrative,
    ...optional('appealType', appealType),
    ...optional('urgency', urgency),
    category: mapCategory(raw, formType, findings),
    status,
    steps,
    deadline: mapDeadline(raw.planTime, reportedAt, urgency, formType, steps, findings),
    ...optional('handlingUnit', cleanText(raw.handleUnit)),
    ...optional('satisfaction', satisfaction),
    ...optional('outcome', outcomeOf(status, steps)),
    ...optional('confidential', mapConfidential(raw.confidential, findings)),
    parties: [...(reporter ? [reporter] : []), ...extractCounterparties(narrative, formType)],
    ...optional('location', mapLocation(raw, findings)),
    links: mapLinks(raw),
  };
  // Other systems (petitions' work_id, grid events' fromSerialNumber) quote the order by its busiNumber.
  const busiNumber = cleanText(raw.busiNumber)?.replace(/\s+/g, '');
  if (busiNumber) report.referenceNumbers = [busiNumber];
  keepAttributes(raw, findings);
  if (Object.keys(findings.attributes).length > 0) report.sourceAttributes = findings.attributes;
  return { ok: true, report, warnings: findings.warnings };
}

/** The record's id (formId), trimmed and half-width, or undefined when missing or empty. */
export function workOrderIdOf(raw: unknown): string | undefined {
  return isRecord(raw) ? cleanText(raw[manifest.idField]) : undefined;
}

function requireFormId(raw: Record<string, unknown>, findings: Findings): string | undefined {
  const id = cleanText(raw.formId);
  if (id === undefined) {
    findings.fail(
      'formId',
      `formId is missing or empty (got ${show(raw.formId)}); every work order needs its system id`,
    );
  }
  return id;
}

function requireCreateTime(raw: Record<string, unknown>, findings: Findings): string | undefined {
  const parsed = parseSourceDateTime(raw.createTime);
  if (parsed.ok) return parsed.iso;
  findings.fail(
    'createTime',
    `createTime ${show(raw.createTime)} is not a usable date/time (${parsed.reason}); the time of the call is required`,
  );
  return undefined;
}

function requireContentText(raw: Record<string, unknown>, findings: Findings): string | undefined {
  const text = trimmedText(raw.contentText);
  if (text === undefined) {
    findings.fail(
      'contentText',
      `contentText is missing or empty (got ${show(raw.contentText)}); the caller's account is required`,
    );
  }
  return text;
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
  const comment = trimmedText(item.comment);
  const action: StepAction = known?.action ?? 'other';
  const step: Step = {
    at: time.iso,
    action,
    sourceAction,
    ...optional('fromUnit', cleanText(item.fromUnit)),
    ...optional('toUnit', cleanText(item.toUnit)),
    ...optional('operator', cleanText(item.operator)),
    ...optional('comment', comment),
    ...optional('supervisionLevel', action === 'supervise' ? supervisionLevelOf(comment) : undefined),
  };
  return { step, instant: Date.parse(time.iso) };
}

function supervisionLevelOf(comment: string | undefined): Step['supervisionLevel'] {
  const word = Object.keys(supervisionLevels).find((w) => comment?.includes(w));
  return word === undefined ? 'normal' : supervisionLevels[word];
}

function mapStatus(
  value: unknown,
  steps: Step[],
  satisfaction: ClearReport['satisfaction'],
  findings: Findings,
): Status {
  const sourceValue = trimmedText(value) ?? '';
  const key = compactCode(sourceValue);
  const since = steps.at(-1)?.at;
  const known = statusCodes[key];
  if (known !== undefined) {
    const code = (satisfaction === 'dissatisfied' ? statusesWhenDissatisfied[key] : undefined) ?? known;
    return { code, sourceValue, ...optional('since', since) };
  }
  const fromSteps = statusImpliedBySteps(steps);
  findings.warn(
    'formStatusName',
    `${value === undefined || sourceValue === '' ? 'formStatusName is missing' : `unknown formStatusName ${show(value)}`}; ` +
      `status "${fromSteps ?? 'registered'}" ${fromSteps ? 'taken from the latest step' : 'assumed'} ` +
      `(known: ${Object.keys(statusCodes).join(', ')})`,
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

function lookUpFormType(appealType: string | undefined, findings: Findings): FormType | undefined {
  if (appealType === undefined) return undefined;
  const formType = formTypes[compactCode(appealType)];
  if (formType === undefined) {
    findings.warn(
      'formTypeName',
      `unknown formTypeName ${show(appealType)}; the reporter gets role "reporter" and the default deadline ` +
        `(known: ${Object.keys(formTypes).join(', ')})`,
    );
  }
  return formType;
}

function mapCategory(
  raw: Record<string, unknown>,
  formType: FormType | undefined,
  findings: Findings,
): Category {
  const levels = [raw.businessTypeName, raw.businessTypeChildName, raw.businessTypeGrandsonName].map(
    trimmedText,
  );
  const sourceValue = levels.filter((l): l is string => l !== undefined).join(' / ');
  const business = lookUpBusinessType(levels);
  if (business === undefined && sourceValue !== '') {
    findings.warn(
      'businessTypeName',
      `business type "${sourceValue}" has no entry in code-tables.json businessTypes; category "其他"`,
    );
  }
  const rule = formType?.dispute ?? 'from-category';
  if (rule === 'never') return { code: business?.code ?? '其他', sourceValue, isDispute: false };
  if (rule === 'unless-category-is-dispute' && business?.dispute !== true) {
    return { code: formType?.nonDisputeCategory ?? '求助咨询', sourceValue, isDispute: false };
  }
  return { code: business?.code ?? '其他', sourceValue, ...optional('isDispute', business?.dispute) };
}

/** Finest first: full path, grandson name, two-level path, child name, top path, top name. */
function lookUpBusinessType(levels: (string | undefined)[]): BusinessType | undefined {
  const keys = levels.map((l) => (l === undefined ? '' : compactCode(l)));
  for (let depth = keys.length; depth >= 1; depth--) {
    const name = keys[depth - 1];
    if (!name) continue;
    const byPath = businessTypesByPath.get(keys.slice(0, depth).join('/'));
    if (byPath) return byPath;
    const byName = businessTypesByName[name];
    if (byName) return byName;
  }
  return undefined;
}

function mapDeadline(
  planTime: unknown,
  reportedAt: string,
  urgency: ClearReport['urgency'],
  formType: FormType | undefined,
  steps: Step[],
  findings: Findings,
): Deadline | undefined {
  const extensions = extensionsFrom(steps);
  const withExtensions = (deadline: Deadline): Deadline =>
    extensions.length > 0 ? { ...deadline, extensions } : deadline;
  const explicit = explicitDeadline(planTime, findings);
  if (explicit) return withExtensions(explicit);
  const key = urgency === 'critical' ? 'critical' : (formType?.deadline ?? 'default');
  const rule = deadlineRules[key] ?? deadlineRules.default;
  if (rule === undefined) return undefined;
  try {
    const dueAt = addByKind(rule.kind, reportedAt, rule.amount);
    warnOfUncoveredYears(rule.kind, reportedAt, dueAt, findings);
    return withExtensions({
      dueAt,
      basis: { kind: rule.kind, amount: rule.amount, from: reportedAt, rule: rule.rule },
    });
  } catch (error) {
    findings.warn(
      'planTime',
      `no deadline: the ${rule.kind} rule could not be applied (${messageOf(error)})`,
    );
    return undefined;
  }
}

function explicitDeadline(planTime: unknown, findings: Findings): Deadline | undefined {
  if (isBlank(planTime)) return undefined;
  const parsed = parseSourceDateTime(planTime);
  if (!parsed.ok) {
    findings.warn(
      'planTime',
      `planTime ${show(planTime)} is not usable (${parsed.reason}); the contract's rule deadline applies and the ` +
        'value is kept in sourceAttributes.planTime',
    );
    findings.keep('planTime', planTime);
    return undefined;
  }
  const dateOnly = parsed.precision === 'date';
  return {
    dueAt: dateOnly ? `${parsed.iso.slice(0, 10)}T23:59:59+08:00` : parsed.iso,
    basis: {
      kind: 'explicit',
      sourceField: 'planTime',
      rule: dateOnly
        ? 'planTime given by the source (计划完成时间) as a date alone: due at the end of that day'
        : 'planTime given by the source (计划完成时间)',
    },
  };
}

function warnOfUncoveredYears(kind: DeadlineKind, from: string, dueAt: string, findings: Findings): void {
  if (kind !== 'working-days') return;
  const years = [...new Set([from, dueAt].map((iso) => Number(iso.slice(0, 4))))];
  const uncovered = years.filter((year) => !calendarCovers(year));
  if (uncovered.length === 0) return;
  findings.warn(
    'createTime',
    `the working-day calendar holds no holiday notice for ${uncovered.join(', ')}; the deadline counts weekends ` +
      'only there and may be early',
  );
}

function addByKind(kind: DeadlineKind, from: string, amount: number): string {
  if (kind === 'hours') return addHours(from, amount);
  if (kind === 'calendar-days') return addCalendarDays(from, amount);
  return addWorkingDays(from, amount);
}

/** A 延期申请 step whose comment states the days asked for (申请延期5个工作日) becomes an extension. */
function extensionsFrom(steps: Step[]): Extension[] {
  return steps.flatMap((step) => {
    if (step.action !== 'extension-request' || step.comment === undefined) return [];
    const days = extensionDaysIn(step.comment);
    return days === undefined ? [] : [{ days, reason: step.comment, requestedAt: step.at }];
  });
}

function extensionDaysIn(comment: string): number | undefined {
  const match = EXTENSION_DAYS.exec(toHalfWidth(comment));
  const amount = match?.[1];
  if (amount === undefined) return undefined;
  const days = /^\d+$/.test(amount) ? Number(amount) : chineseNumber(amount);
  return days !== undefined && Number.isInteger(days) && days >= 1 ? days : undefined;
}

/** 一 … 九十九 as a number (十五 15, 二十 20, 两 2). */
function chineseNumber(text: string): number | undefined {
  const [tensText, unitsText] = text.includes('十') ? text.split('十') : ['', text];
  const tens = text.includes('十') ? (tensText === '' ? 1 : CHINESE_DIGITS[tensText ?? '']) : 0;
  const units = unitsText === '' || unitsText === undefined ? 0 : CHINESE_DIGITS[unitsText];
  if (tens === undefined || units === undefined) return undefined;
  return tens * 10 + units;
}

function mapUrgency(value: unknown, findings: Findings): ClearReport['urgency'] {
  return lookUpCode(value, urgencies, 'jjcdName', findings);
}

function mapSatisfaction(value: unknown, findings: Findings): ClearReport['satisfaction'] {
  return lookUpCode(value, satisfactions, 'satisfaction', findings);
}

function mapConfidential(value: unknown, findings: Findings): boolean | undefined {
  if (typeof value === 'boolean') return value;
  return lookUpCode(value, confidentialValues, 'confidential', findings);
}

/** A code-table value, or undefined with a warning (and the value kept) when the source sent an unknown code. */
function lookUpCode<T>(
  value: unknown,
  table: Record<string, T>,
  field: string,
  findings: Findings,
): T | undefined {
  if (isBlank(value)) return undefined;
  const key = compactCode(cleanText(value) ?? '');
  const known = Object.hasOwn(table, key) ? table[key] : undefined;
  if (known === undefined) {
    findings.warn(
      field,
      `unknown ${field} ${show(value)}; kept in sourceAttributes.${field} (known: ${Object.keys(table).join(', ')})`,
    );
    findings.keep(field, value);
  }
  return known;
}

function outcomeOf(status: Status, steps: Step[]): string | undefined {
  if (status.code !== 'resolved' && status.code !== 'closed') return undefined;
  return steps.filter((s) => s.action === 'resolve' && s.comment !== undefined).at(-1)?.comment;
}

function mapReporter(
  raw: Record<string, unknown>,
  formType: FormType | undefined,
  findings: Findings,
): ClearPartyMention | undefined {
  const name = usableName(normalisePersonName(raw.cusName));
  const residentId = normaliseResidentId(raw.cusIdCard);
  if (residentId?.status === 'invalid') {
    findings.warn(
      'cusIdCard',
      `resident ID ${residentId.masked} is invalid (${residentId.problem ?? 'unknown problem'}); kept and flagged invalid`,
    );
  }
  const phones = dedupePhones([
    ...phonesOf(raw, 'cusPhone', findings),
    ...phonesOf(raw, 'incomingPhone', findings),
  ]);
  const sex = lookUpSex(raw.cusSex, findings);
  if (name === undefined && residentId === undefined && phones.length === 0) {
    findings.keep('cusSex', sex === undefined ? undefined : raw.cusSex);
    return undefined;
  }
  return {
    kind: 'person',
    roles: formType?.reporterRoles ?? ['reporter'],
    primary: true,
    ...optional('name', name),
    ...optional('sex', sex),
    ...optional('residentId', residentId),
    ...optional('phones', phones.length > 0 ? phones : undefined),
  };
}

function usableName(name: PersonName | undefined): PersonName | undefined {
  return name === undefined || name.form === 'empty' ? undefined : name;
}

/** 男/女; a stand-in such as 未知 or 不详 means the source does not know, which is no value rather than a bad one. */
function lookUpSex(value: unknown, findings: Findings): 'male' | 'female' | undefined {
  const cleaned = cleanText(value);
  if (cleaned !== undefined && isNoValuePlaceholder(cleaned)) return undefined;
  return lookUpCode(value, sexes, 'cusSex', findings);
}

function phonesOf(
  raw: Record<string, unknown>,
  field: 'cusPhone' | 'incomingPhone',
  findings: Findings,
): ClearPhone[] {
  const phones = splitPhones(raw[field]);
  for (const phone of phones.filter((p) => p.status === 'invalid')) {
    findings.warn(
      field,
      `${field} ${phone.masked} is not a phone number we recognise; kept and flagged invalid`,
    );
  }
  return phones;
}

function dedupePhones(phones: ClearPhone[]): ClearPhone[] {
  const seen = new Set<string>();
  return phones.filter((phone) => {
    const key = phone.value ?? phone.visibleDigits ?? phone.masked;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The other side named in the account with a cue word and a surname form (邻居李某, 隔壁王先生); nothing else. */
function extractCounterparties(narrative: string, formType: FormType | undefined): ClearPartyMention[] {
  const role = formType?.counterpartyRole ?? (tables.counterpartyCues.defaultRole as PartyRole);
  const seen = new Set<string>();
  const parties: ClearPartyMention[] = [];
  for (const match of narrative.matchAll(counterpartyPattern)) {
    const [, cue, written] = match;
    if (cue === undefined || written === undefined || NOT_SURNAMES.has(written.charAt(0))) continue;
    const name = normalisePersonName(written);
    if (name === undefined || (name.form !== 'masked' && name.form !== 'surname-only') || seen.has(written))
      continue;
    seen.add(written);
    parties.push({ kind: 'person', roles: [role], sourceRole: cue, name, extractedFrom: 'contentText' });
  }
  return parties;
}

function buildCounterpartyPattern(cues: string[]): RegExp {
  const honorifics = '先生|女士|小姐|阿姨|大爷|大妈|大伯|大叔|大姐|师傅|老板';
  return new RegExp(`(${cues.join('|')})(\\p{Script=Han}(?:某某|某|${honorifics}))`, 'gu');
}

function mapLocation(raw: Record<string, unknown>, findings: Findings): Location | undefined {
  const areaName = trimmedText(raw.areaName);
  const address = trimmedText(raw.busiAddress);
  const addressText = address ?? areaName;
  if (address !== undefined && areaName !== undefined) findings.keep('areaName', areaName);
  const fromText = matchDivisionInText([areaName, address].filter(Boolean).join('|'));
  const fromCode = divisionFromAreaCode(raw.areaCode, findings);
  const division = chooseDivision(fromCode, fromText, areaName, findings);
  if (division === undefined && addressText === undefined) return undefined;
  return { ...division, ...optional('addressText', addressText) };
}

interface CodedDivision {
  code: string;
  known?: Division;
}

function divisionFromAreaCode(value: unknown, findings: Findings): CodedDivision | undefined {
  if (isBlank(value)) return undefined;
  const given = (cleanText(value) ?? '').replace(/\s+/g, '');
  const code = canonicalDivisionCode(given);
  if (code === undefined) {
    findings.warn(
      'areaCode',
      `areaCode ${show(value)} is not a 6-, 9- or 12-digit division code; the division is read from ` +
        'areaName/busiAddress and the value kept in sourceAttributes.areaCode',
    );
    findings.keep('areaCode', value);
    return undefined;
  }
  return { code, ...optional('known', findDivisionByCode(code)) };
}

function chooseDivision(
  fromCode: CodedDivision | undefined,
  fromText: DivisionMatch | undefined,
  areaName: string | undefined,
  findings: Findings,
): Location | undefined {
  if (fromCode === undefined) {
    if (fromText === undefined) return undefined;
    const byAreaName = areaName === undefined ? undefined : matchDivisionInText(areaName);
    return divisionLocation(fromText, byAreaName?.code === fromText.code ? 'area-name' : 'address-text');
  }
  const textDivision = fromText && findDivisionByCode(fromText.code);
  if (
    textDivision &&
    fromText &&
    fromText.code !== fromCode.code &&
    isWithinDivision(textDivision, fromCode.code)
  ) {
    // The address names a finer division inside the one the operator picked: keep the finer, and the code as given.
    findings.keep('areaCode', fromCode.code);
    return divisionLocation(fromText, 'address-text');
  }
  if (textDivision && fromText && fromCode.known && !isWithinDivision(fromCode.known, fromText.code)) {
    findings.warn(
      'areaCode',
      `areaCode ${fromCode.code} (${fromCode.known.name}) disagrees with the address text, which names ` +
        `${fromText.name} (${fromText.code}); the areaCode is used`,
    );
  }
  return {
    divisionCode: fromCode.code,
    divisionLevel: fromCode.known?.level ?? levelOfDivisionCode(fromCode.code),
    ...optional('divisionName', fromCode.known?.name),
    resolvedBy: 'source-code',
  };
}

function divisionLocation(match: DivisionMatch, resolvedBy: Location['resolvedBy']): Location {
  return { divisionCode: match.code, divisionLevel: match.level, divisionName: match.name, resolvedBy };
}

function mapLinks(raw: Record<string, unknown>): SourceLink[] {
  const linked110 = cleanText(raw.linked110)?.replace(/\s+/g, '');
  if (linked110 === undefined || linked110 === '') return [];
  return [
    {
      kind: 'police-call',
      field: 'linked110',
      value: linked110,
      targetSourceId: 'police-110',
      relation: 'handed-over',
    },
  ];
}

function keepAttributes(raw: Record<string, unknown>, findings: Findings): void {
  findings.keep('busiNumber', cleanText(raw.busiNumber));
  findings.keep('formOriginName', cleanText(raw.formOriginName));
  findings.keep('unsatisfyAppeal', trimmedText(raw.unsatisfyAppeal));
  const unknown = unknownFieldsOf(raw, KNOWN_FIELDS);
  if (unknown) findings.keep('unknownFields', unknown);
}

function keyedByPath<T>(table: Record<string, T>): Map<string, T> {
  return new Map(
    Object.entries(table).map(([path, entry]) => [
      path
        .split('/')
        .map((p) => compactCode(p))
        .join('/'),
      entry,
    ]),
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
