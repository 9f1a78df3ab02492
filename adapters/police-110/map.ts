/** Maps one 110 接警单 (a CSV row as a JSON object, or a one-row CSV file) to the canonical Report. */
import { parseSourceDateTime } from '../../functions/resolution/normalise/datetime.js';
import { cleanText, isNoValuePlaceholder } from '../../functions/resolution/normalise/text.js';
import type {
  Category,
  CategoryCode,
  Location,
  SourceLink,
  Status,
  StatusCode,
  Step,
} from '../../schemas/generated/types.js';
import type { ClearPartyMention, ClearReport, MapContext, MapResult } from '../engine/adapter.js';
import { readCoordinates } from '../engine/coordinates.js';
import { decodeText, parseCsvText } from '../engine/csv.js';
import {
  canonicalDivisionCode,
  type Division,
  findDivisionByCode,
  isWithinDivision,
  levelOfDivisionCode,
  matchDivisionInText,
} from '../engine/division-catalogue.js';
import { Findings } from '../engine/findings.js';
import { readName, readPhones, readResidentId, warnOfInvalidIdentifiers } from '../engine/party-fields.js';
import { extractParties, mergeMentionsByName } from '../engine/party-text.js';
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
import manifest from './adapter.json' with { type: 'json' };
import tables from './code-tables.json' with { type: 'json' };

interface CallCategory {
  name: string;
  code: CategoryCode;
  dispute?: boolean;
  flags?: Record<string, unknown>;
  refine?: { code: CategoryCode; keywords: string[] }[];
}

interface DispatchResult {
  status: StatusCode;
  action: Step['action'];
}

/** The columns the contract names; anything else is an unknown extra column, kept in sourceAttributes.unknownFields. */
const KNOWN_FIELDS = new Set([
  'JJDBH',
  'GLJJDBH',
  'XZQHBH',
  'BJSJ',
  'BJDH',
  'BJRXM',
  'BJRXB',
  'LXDH',
  'S_IDENTITYCARDNO',
  'SFDZ',
  'BJNR',
  'BCJJNR',
  'BJLB',
  'BJLX',
  'BJXL',
  'ZDDWX',
  'ZDDWY',
  'JQJB',
  'GXDWBH',
  'GXDWMC',
  'CJJG',
  'CJSJ',
  'CJQK',
  'DSR',
]);
/** Category code fields, finest first. */
const CATEGORY_FIELDS = ['BJXL', 'BJLX', 'BJLB'] as const;

const callerSexes = withoutComment(tables.callerSexes) as Record<string, 'male' | 'female' | null>;
const alarmLevels = withoutComment(tables.alarmLevels) as Record<string, ClearReport['urgency']>;
const categoryCodes = tables.categories.codes as Record<string, CallCategory>;
const categoriesByLeadingDigit = withoutComment(tables.categories.byLeadingDigit) as Record<
  string,
  CallCategory
>;
const dispatchResults = withoutComment(tables.dispatchResults) as Record<string, DispatchResult>;

type CallRecord = { ok: true; record: Record<string, unknown> } | { ok: false; message: string };

/**
 * Maps one raw call. Steps:
 * 1. read the record: a JSON object, or a CSV file (bytes) holding exactly one data row;
 * 2. reject it when JJDBH, a usable BJSJ or BJNR is missing;
 * 3. map category, urgency, dispatch result (status, outcome, steps), parties (caller and DSR), location, links;
 * 4. keep every column with no canonical home, and unknown extra columns, in sourceAttributes.
 */
export function mapCall(raw: unknown, _context: MapContext): MapResult {
  const read = callRecordOf(raw);
  if (!read.ok)
    return { ok: false, errors: [{ path: '$', message: read.message, stage: 'map' }], warnings: [] };
  const call = read.record;
  const findings = new Findings();
  const sourceRecordId = requireCallId(call, findings);
  const reportedAt = requireCallTime(call, findings);
  const account = requireAccount(call, findings);
  if (sourceRecordId === undefined || reportedAt === undefined || account === undefined) {
    return { ok: false, errors: findings.errors, warnings: findings.warnings };
  }
  const supplement = trimmedText(call.BCJJNR);
  const narrative = supplement === undefined ? account : `${account}\n${supplement}`;
  const handlingUnit = cleanText(call.GXDWMC);
  const result = lookUpDispatchResult(call.CJJG, findings);
  const steps = mapSteps(call, reportedAt, result, handlingUnit, findings);
  const report: ClearReport = {
    sourceId: manifest.sourceId,
    sourceRecordId,
    channel: 'police-110',
    reportedAt,
    narrative,
    ...optional('urgency', mapUrgency(call.JQJB, findings)),
    category: mapCategory(call, narrative, findings),
    status: mapStatus(result, steps),
    steps,
    ...optional('handlingUnit', handlingUnit),
    ...optional('outcome', result?.sourceValue),
    parties: mapParties(call, findings),
    ...optional('location', mapLocation(call, findings)),
    links: mapLinks(call, sourceRecordId, findings),
  };
  keepAttributes(call, findings);
  const sourceAttributes = findings.sourceAttributes();
  if (sourceAttributes) report.sourceAttributes = sourceAttributes;
  return { ok: true, report, warnings: findings.warnings };
}

/** The call's id (JJDBH), trimmed and half-width, from a JSON object or a one-row CSV file; undefined when missing. */
export function callIdOf(raw: unknown): string | undefined {
  const read = callRecordOf(raw);
  return read.ok ? identifierOf(read.record[manifest.idField]) : undefined;
}

function callRecordOf(raw: unknown): CallRecord {
  if (raw instanceof Uint8Array) return callRecordOfCsv(raw);
  if (isRecord(raw)) return { ok: true, record: raw };
  return {
    ok: false,
    message: `a 110 call must be a JSON object with the export's column names, or a CSV file; got ${describeType(raw)}`,
  };
}

function callRecordOfCsv(raw: Uint8Array): CallRecord {
  const rows = parseCsvText(decodeText(raw).text);
  const [row] = rows;
  if (row === undefined) {
    return { ok: false, message: 'the CSV file holds no data row; expected a header row and one call' };
  }
  if (rows.length > 1) {
    return {
      ok: false,
      message: `the CSV file holds ${rows.length} rows; one call is mapped at a time (split an export into rows first)`,
    };
  }
  if ('error' in row) return { ok: false, message: row.error };
  return { ok: true, record: row.record };
}

function requireCallId(call: Record<string, unknown>, findings: Findings): string | undefined {
  if (isInexactNumber(call.JJDBH)) {
    findings.fail(
      'JJDBH',
      `JJDBH arrived as the JSON number ${show(call.JJDBH)}, too large to keep every digit; send it as a string`,
    );
    return undefined;
  }
  const id = identifierOf(call.JJDBH);
  if (id === undefined) {
    findings.fail(
      'JJDBH',
      `JJDBH is missing or empty (got ${show(call.JJDBH)}); every call needs its 接警单编号`,
    );
  }
  return id;
}

function requireCallTime(call: Record<string, unknown>, findings: Findings): string | undefined {
  const parsed = parseSourceDateTime(call.BJSJ);
  if (parsed.ok) return parsed.iso;
  findings.fail(
    'BJSJ',
    isBlank(call.BJSJ)
      ? `BJSJ is missing or empty (got ${show(call.BJSJ)}); the time of the call (报警时间) is required`
      : `BJSJ ${show(call.BJSJ)} is not a usable date/time (${parsed.reason}); the time of the call is required`,
  );
  return undefined;
}

function requireAccount(call: Record<string, unknown>, findings: Findings): string | undefined {
  const text = trimmedText(call.BJNR);
  if (text === undefined) {
    findings.fail(
      'BJNR',
      `BJNR is missing or empty (got ${show(call.BJNR)}); what the caller reported (报警内容) is required`,
    );
  }
  return text;
}

function mapUrgency(value: unknown, findings: Findings): ClearReport['urgency'] {
  if (isBlank(value)) return undefined;
  const level = compactCode(cleanText(value) ?? '');
  findings.keep('JQJB', level === '' ? value : level);
  const urgency = Object.hasOwn(alarmLevels, level) ? alarmLevels[level] : undefined;
  if (urgency === undefined) {
    findings.warn(
      'JQJB',
      `unknown JQJB ${show(value)}; no urgency, the value kept in sourceAttributes.JQJB (known: ${Object.keys(alarmLevels).join(', ')})`,
    );
  }
  return urgency;
}

/** Finest code first (BJXL, BJLX, BJLB); then the leading digit of the finest code; else 其他 with a warning. */
function mapCategory(call: Record<string, unknown>, narrative: string, findings: Findings): Category {
  const codes = CATEGORY_FIELDS.map((field) => ({ field, code: compactCode(cleanText(call[field]) ?? '') }));
  const given = codes.filter((c) => c.code !== '');
  const sourceValue = [...given]
    .reverse()
    .map((c) => c.code)
    .join(' / ');
  const exact = given.map((c) => categoryCodes[c.code]).find((c) => c !== undefined);
  const finest = given[0];
  const byDigit = finest === undefined ? undefined : categoriesByLeadingDigit[finest.code.charAt(0)];
  const category = exact ?? byDigit;
  if (category === undefined) {
    if (finest !== undefined) {
      findings.warn(
        finest.field,
        `category code ${show(finest.code)} has no entry in code-tables.json categories; category "其他"`,
      );
    }
    return { code: '其他', sourceValue };
  }
  for (const [flag, value] of Object.entries(category.flags ?? {})) findings.keep(flag, value);
  const refined = category.refine?.find((r) => r.keywords.some((k) => narrative.includes(k)));
  return {
    code: refined?.code ?? category.code,
    sourceValue,
    ...optional('isDispute', category.dispute),
  };
}

interface KnownDispatchResult extends DispatchResult {
  sourceValue: string;
}

function lookUpDispatchResult(value: unknown, findings: Findings): KnownDispatchResult | undefined {
  const sourceValue = trimmedText(value);
  if (sourceValue === undefined) return undefined;
  const known = dispatchResults[compactCode(sourceValue)];
  if (known !== undefined) return { ...known, sourceValue };
  findings.warn(
    'CJJG',
    `unknown CJJG ${show(value)}; status "in-progress", the value kept as the outcome ` +
      `(known: ${Object.keys(dispatchResults).join(', ')})`,
  );
  return { status: 'in-progress', action: 'handle', sourceValue };
}

/** The call (接警) at BJSJ, and the dispatch result (处警) at CJSJ with its notes (CJQK). */
function mapSteps(
  call: Record<string, unknown>,
  reportedAt: string,
  result: KnownDispatchResult | undefined,
  handlingUnit: string | undefined,
  findings: Findings,
): Step[] {
  const steps: Step[] = [{ at: reportedAt, action: 'register', sourceAction: '接警' }];
  const notes = trimmedText(call.CJQK);
  if (isBlank(call.CJSJ)) {
    findings.keep('CJQK', notes);
    return steps;
  }
  const time = parseSourceDateTime(call.CJSJ);
  if (!time.ok) {
    findings.warn(
      'CJSJ',
      `CJSJ ${show(call.CJSJ)} is not usable (${time.reason}); no dispatch step, the value and the notes kept ` +
        'in sourceAttributes',
    );
    findings.keep('CJSJ', call.CJSJ);
    findings.keep('CJQK', notes);
    return steps;
  }
  const dispatch: Step = {
    at: time.iso,
    action: result?.action ?? 'handle',
    sourceAction: result?.sourceValue ?? '处警',
    ...optional('fromUnit', handlingUnit),
    ...optional('comment', notes),
  };
  return [...steps, dispatch].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

function mapStatus(result: KnownDispatchResult | undefined, steps: Step[]): Status {
  return {
    code: result?.status ?? 'registered',
    sourceValue: result?.sourceValue ?? '',
    ...optional('since', steps.at(-1)?.at),
  };
}

/** The caller (reporter, primary) and the parties of DSR; a DSR name that is the caller's adds to the caller. */
function mapParties(call: Record<string, unknown>, findings: Findings): ClearPartyMention[] {
  const caller = mapCaller(call, findings);
  const named = typeof call.DSR === 'string' ? extractParties(call.DSR, 'DSR') : [];
  warnOfInvalidIdentifiers(named, 'DSR', findings);
  return mergeMentionsByName(caller ? [caller] : [], named);
}

function mapCaller(call: Record<string, unknown>, findings: Findings): ClearPartyMention | undefined {
  const name = readName(call.BJRXM);
  const residentId = readResidentId(call.S_IDENTITYCARDNO, 'S_IDENTITYCARDNO', findings);
  const phones = readPhones(
    [
      { path: 'BJDH', value: call.BJDH },
      { path: 'LXDH', value: call.LXDH },
    ],
    findings,
  );
  const sex = lookUpSex(call.BJRXB, findings);
  if (name === undefined && residentId === undefined && phones.length === 0) {
    if (sex !== undefined) findings.keep('BJRXB', cleanText(call.BJRXB));
    return undefined;
  }
  return {
    kind: 'person',
    roles: ['reporter'],
    primary: true,
    ...optional('name', name),
    ...optional('sex', sex),
    ...optional('residentId', residentId),
    ...optional('phones', phones.length > 0 ? phones : undefined),
  };
}

function lookUpSex(value: unknown, findings: Findings): 'male' | 'female' | undefined {
  const cleaned = cleanText(value);
  if (cleaned === undefined || isNoValuePlaceholder(cleaned)) return undefined;
  const key = compactCode(cleaned);
  if (Object.hasOwn(callerSexes, key)) return callerSexes[key] ?? undefined;
  findings.warn(
    'BJRXB',
    `unknown BJRXB ${show(value)}; no sex, the value kept in sourceAttributes.BJRXB (known: 1 male, 2 female, 0/9 unknown)`,
  );
  findings.keep('BJRXB', cleaned);
  return undefined;
}

/**
 * The finest division SFDZ names; the receiving centre (XZQHBH) when the address names none or only a division that
 * contains the centre. An address naming a place outside the centre's area is used, with a warning.
 */
function mapLocation(call: Record<string, unknown>, findings: Findings): Location | undefined {
  const addressText = trimmedText(call.SFDZ);
  const fromText = addressText === undefined ? undefined : matchDivisionInText(addressText);
  const centre = receivingCentre(call.XZQHBH, findings);
  const textDivision = fromText && findDivisionByCode(fromText.code);
  let division: Location | undefined;
  if (fromText !== undefined && (centre === undefined || textDivision === undefined)) {
    division = divisionFromText(fromText);
  } else if (fromText !== undefined && textDivision !== undefined && centre !== undefined) {
    if (isWithinDivision(textDivision, centre.code)) division = divisionFromText(fromText);
    else if (centre.known && isWithinDivision(centre.known, textDivision.code))
      division = centreLocation(centre);
    else {
      findings.warn(
        'SFDZ',
        `SFDZ names ${fromText.name} (${fromText.code}), outside the receiving centre's area XZQHBH ` +
          `${centre.code}; the address is used`,
      );
      division = divisionFromText(fromText);
    }
  } else if (centre !== undefined) {
    division = centreLocation(centre);
  }
  const coordinates = readCoordinates(
    {
      longitude: { path: 'ZDDWX', value: call.ZDDWX },
      latitude: { path: 'ZDDWY', value: call.ZDDWY },
      datum: 'WGS-84',
    },
    findings,
  );
  if (division === undefined && addressText === undefined && coordinates === undefined) return undefined;
  return {
    ...division,
    ...optional('addressText', addressText),
    ...optional('coordinates', coordinates),
  };
}

interface Centre {
  code: string;
  known?: Division;
}

function receivingCentre(value: unknown, findings: Findings): Centre | undefined {
  if (isBlank(value)) return undefined;
  const given = compactCode(cleanText(value) ?? '');
  findings.keep('XZQHBH', given);
  const code = canonicalDivisionCode(given);
  if (code === undefined) {
    findings.warn(
      'XZQHBH',
      `XZQHBH ${show(value)} is not a 6-digit division code; kept in sourceAttributes.XZQHBH, the division read from SFDZ`,
    );
    return undefined;
  }
  return { code, ...optional('known', findDivisionByCode(code)) };
}

function divisionFromText(match: { code: string; level: Location['divisionLevel']; name: string }): Location {
  return {
    divisionCode: match.code,
    divisionLevel: match.level,
    divisionName: match.name,
    resolvedBy: 'address-text',
  };
}

function centreLocation(centre: Centre): Location {
  return {
    divisionCode: centre.code,
    divisionLevel: centre.known?.level ?? levelOfDivisionCode(centre.code),
    ...optional('divisionName', centre.known?.name),
    resolvedBy: 'receiving-centre',
  };
}

/** GLJJDBH: an earlier call about the same matter. */
function mapLinks(call: Record<string, unknown>, ownId: string, findings: Findings): SourceLink[] {
  if (isInexactNumber(call.GLJJDBH)) {
    findings.warn(
      'GLJJDBH',
      `GLJJDBH arrived as the JSON number ${show(call.GLJJDBH)}, too large to keep every digit; no link, the ` +
        'value kept in sourceAttributes.GLJJDBH (send it as a string)',
    );
    findings.keep('GLJJDBH', call.GLJJDBH);
    return [];
  }
  const earlier = identifierOf(call.GLJJDBH);
  if (earlier === undefined || earlier === ownId) return [];
  return [
    {
      kind: 'police-call',
      field: 'GLJJDBH',
      value: earlier,
      targetSourceId: 'police-110',
      relation: 'repeat-call',
    },
  ];
}

function keepAttributes(call: Record<string, unknown>, findings: Findings): void {
  findings.keep('GXDWBH', identifierOf(call.GXDWBH));
  const unknown = unknownFieldsOf(call, KNOWN_FIELDS);
  if (unknown) findings.keep('unknownFields', unknown);
}
