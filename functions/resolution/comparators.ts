/**
 * Per-field comparison of two values, each answering with a named level (exact, homophone, one typo, masked and
 * compatible, …) that the match weights turn into evidence. A comparator never decides a match; it says how two values
 * agree. It answers `undefined` when one side has nothing comparable (a missing value weighs nothing).
 * @see Fellegi & Sunter, "A Theory for Record Linkage", JASA 64 (1969): comparison vectors with discrete levels
 * @see Winkler, "String Comparator Metrics and Enhanced Decision Rules in the Fellegi-Sunter Model" (1990)
 */
import type {
  Coordinates,
  Location,
  OtherId,
  PersonName,
  Phone,
  ResidentId,
} from '../../schemas/generated/types.js';
import { namePinyinKey } from './normalise/name.js';
import { toHalfWidth } from './normalise/text.js';
import { chineseNumeralsToDigits } from './text-similarity.js';

/** A comparison level with a short human-readable detail for the explanation. */
export interface Compared<L extends string> {
  level: L;
  detail?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// String metrics

/**
 * Edit distance counting insertions, deletions, substitutions and transpositions of adjacent characters (optimal
 * string alignment), over Unicode code points. Stops early and answers `max + 1` once the distance exceeds `max`.
 * @see Damerau, "A technique for computer detection and correction of spelling errors", CACM 7 (1964)
 */
export function damerauDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[t.length]!;
}

/**
 * Jaro-Winkler similarity (0–1) with the usual prefix scale 0.1 over at most 4 characters.
 * @see Winkler (1990), op. cit.
 */
export function jaroWinkler(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  if (s.length === 0 && t.length === 0) return 1;
  if (s.length === 0 || t.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(s.length, t.length) / 2) - 1);
  const sMatched = new Array<boolean>(s.length).fill(false);
  const tMatched = new Array<boolean>(t.length).fill(false);
  let matches = 0;
  for (let i = 0; i < s.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(t.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (tMatched[j] || s[i] !== t[j]) continue;
      sMatched[i] = true;
      tMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let k = 0;
  let halfTranspositions = 0;
  for (let i = 0; i < s.length; i++) {
    if (!sMatched[i]) continue;
    while (!tMatched[k]) k++;
    if (s[i] !== t[k]) halfTranspositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / s.length + m / t.length + (m - halfTranspositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < s.length && prefix < t.length && s[prefix] === t[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Dice coefficient of character bigram multisets (spaces removed), 0–1: robust to split and merged words. */
export function bigramDice(a: string, b: string): number {
  const grams = (x: string) => {
    const chars = [...x.replace(/\s+/g, '')];
    const out = new Map<string, number>();
    for (let i = 0; i + 1 < chars.length; i++) {
      const g = `${chars[i]}${chars[i + 1]}`;
      out.set(g, (out.get(g) ?? 0) + 1);
    }
    return out;
  };
  const ga = grams(a);
  const gb = grams(b);
  const total = [...ga.values(), ...gb.values()].reduce((s, c) => s + c, 0);
  if (total === 0) return a.replace(/\s+/g, '') === b.replace(/\s+/g, '') ? 1 : 0;
  let shared = 0;
  for (const [g, c] of ga) shared += Math.min(c, gb.get(g) ?? 0);
  return (2 * shared) / total;
}

/**
 * American Soundex code (letter + 3 digits) of the letters of a Latin name; '' when it has no letters.
 * @see https://www.archives.gov/research/census/soundex
 */
export function soundex(name: string): string {
  const letters = name.toLowerCase().replace(/[^a-z]/g, '');
  if (letters === '') return '';
  const code = (c: string): string => {
    if ('bfpv'.includes(c)) return '1';
    if ('cgjkqsxz'.includes(c)) return '2';
    if ('dt'.includes(c)) return '3';
    if (c === 'l') return '4';
    if ('mn'.includes(c)) return '5';
    if (c === 'r') return '6';
    return c === 'h' || c === 'w' ? '' : '0';
  };
  let out = letters[0]!.toUpperCase();
  let last = code(letters[0]!);
  for (const c of letters.slice(1)) {
    const d = code(c);
    if (d === '') continue; // h and w do not separate equal codes
    if (d !== '0' && d !== last) out += d;
    last = d;
    if (out.length === 4) break;
  }
  return out.padEnd(4, '0');
}

// ---------------------------------------------------------------------------------------------------------------
// Names

const HAN = /\p{Script=Han}/u;

export type NameLevel =
  | 'exact'
  | 'script-variant'
  | 'pinyin'
  | 'pinyin-fuzzy'
  | 'one-character'
  | 'surname-compatible'
  | 'surname-conflict'
  | 'different';

export function isHanName(name: PersonName): boolean {
  return HAN.test(name.normalised ?? name.asGiven);
}

/**
 * Two names, at least one of them Chinese: the same normalised name (exact, or equal only after traditional →
 * simplified and half-width: script-variant), homophones (same toneless pinyin, 张伟/张维/章伟), near-homophones under
 * the usual southern-accent confusions (zh/z, ch/c, sh/s, l/n, -ng/-n), one character of a longer name different,
 * or — when either side is only a surname (张先生) or masked (张某某) — whether the surnames agree. A Latin
 * transliteration is compared by pinyin (`Zhang Wei` ~ 张伟). Undefined when either side is empty or has nothing to
 * compare.
 */
export function compareNames(a: PersonName, b: PersonName): Compared<NameLevel> | undefined {
  if (a.form === 'empty' || b.form === 'empty') return undefined;
  const na = a.normalised ?? '';
  const nb = b.normalised ?? '';
  if (na === '' || nb === '') return undefined;
  if (a.form === 'full' && b.form === 'full') {
    if (na === nb) {
      const variant = !sameWriting(a) || !sameWriting(b);
      return variant
        ? { level: 'script-variant', detail: `${a.asGiven} ~ ${b.asGiven}` }
        : { level: 'exact', detail: na };
    }
    const pa = pinyinOf(na);
    const pb = pinyinOf(nb);
    if (pa !== '' && pa === pb) return { level: 'pinyin', detail: `${na} ~ ${nb} (${pa})` };
    if (!HAN.test(na) || !HAN.test(nb)) return { level: 'different' };
    if (pa !== '' && fuzzyPinyin(pa) === fuzzyPinyin(pb)) {
      return { level: 'pinyin-fuzzy', detail: `${na} ~ ${nb} (${pa} ~ ${pb})` };
    }
    // One character of three or more (张志强 / 张志刚): perhaps a typo. In a two-character name it is the whole given
    // name (张强 / 张静): another person.
    if (damerauDistance(na, nb, 1) <= 1 && [...na].length >= 3 && [...nb].length >= 3) {
      return { level: 'one-character', detail: `${na} ~ ${nb}` };
    }
    return { level: 'different', detail: `${na} ≠ ${nb}` };
  }
  // One side at least is partial: only the surname can be compared.
  const sa = a.surname;
  const sb = b.surname;
  if (sa === undefined || sb === undefined) return undefined;
  if (sa === sb) return { level: 'surname-compatible', detail: `${a.asGiven} ~ ${b.asGiven}` };
  return { level: 'surname-conflict', detail: `${a.asGiven} ≠ ${b.asGiven}` };
}

/** True when the name as written is its normalised form, up to spaces, full-width and a trailing honorific. */
function sameWriting(name: PersonName): boolean {
  const written = toHalfWidth(name.asGiven).replace(/\s+/g, '');
  return written.startsWith((name.normalised ?? '').replace(/\s+/g, ''));
}

const pinyinCache = new Map<string, string>();

/** Toneless pinyin of a Chinese name, or the letters of a Latin one (`Zhang Wei` → zhangwei); memoised. */
export function pinyinOf(normalised: string): string {
  const cached = pinyinCache.get(normalised);
  if (cached !== undefined) return cached;
  const key = HAN.test(normalised)
    ? namePinyinKey(normalised)
    : normalised.toLowerCase().replace(/[^a-z]/g, '');
  if (pinyinCache.size > 50_000) pinyinCache.clear();
  pinyinCache.set(normalised, key);
  return key;
}

/** Pinyin with the confusions of southern Mandarin folded together: zh/z, ch/c, sh/s, l/n, -ng/-n. */
export function fuzzyPinyin(pinyin: string): string {
  return pinyin
    .replace(/zh/g, 'z')
    .replace(/ch/g, 'c')
    .replace(/sh/g, 's')
    .replace(/l/g, 'n')
    .replace(/ng/g, 'n');
}

export type LatinNameLevel = 'exact' | 'one-edit' | 'jw-high' | 'jw-mid' | 'swapped' | 'different';

/**
 * Given name and surname of a Latin name: the `surname` field when set, else the last of several words. A single word
 * without a `surname` field could be either (`lone`).
 */
export function latinNameParts(name: PersonName): { given?: string; surname?: string; lone?: string } {
  const text = (name.normalised ?? name.asGiven).toLowerCase().trim();
  if (text === '') return {};
  if (name.surname !== undefined && name.surname !== '') {
    const surname = name.surname.toLowerCase();
    const given = text.endsWith(surname) ? text.slice(0, -surname.length).trim() : text;
    return given === '' || given === surname ? { surname } : { given, surname };
  }
  const words = text.split(/\s+/);
  if (words.length === 1) return { lone: words[0]! };
  return { given: words.slice(0, -1).join(' '), surname: words.at(-1)! };
}

/**
 * One part of a Latin name against another: exact, one edit (Damerau), Jaro-Winkler ≥ 0.92, ≥ 0.8, or different.
 * Thresholds are those of the Febrl and Splink defaults for person names.
 */
export function compareLatinNamePart(a: string, b: string): Compared<LatinNameLevel> {
  if (a === b) return { level: 'exact', detail: a };
  if (damerauDistance(a, b, 1) <= 1) return { level: 'one-edit', detail: `${a} ~ ${b}` };
  const jw = jaroWinkler(a, b);
  if (jw >= 0.92) return { level: 'jw-high', detail: `${a} ~ ${b} (jw ${jw.toFixed(2)})` };
  if (jw >= 0.8) return { level: 'jw-mid', detail: `${a} ~ ${b} (jw ${jw.toFixed(2)})` };
  return { level: 'different', detail: `${a} ≠ ${b}` };
}

/**
 * Given names and surnames of two Latin names, each part compared on its own; when the parts match only crosswise
 * (given name in the surname field), both answer `swapped`. A lone word (a name of one word with no `surname`
 * field) is compared with both parts of the other name and counts for the part it matches best.
 */
export function compareLatinNames(
  a: PersonName,
  b: PersonName,
): { given?: Compared<LatinNameLevel>; surname?: Compared<LatinNameLevel> } {
  const pa = latinNameParts(a);
  const pb = latinNameParts(b);
  if (pa.lone !== undefined || pb.lone !== undefined) return compareLoneWord(pa, pb);
  const straight = {
    ...(pa.given && pb.given ? { given: compareLatinNamePart(pa.given, pb.given) } : {}),
    ...(pa.surname && pb.surname ? { surname: compareLatinNamePart(pa.surname, pb.surname) } : {}),
  };
  if (agrees(straight.given) || agrees(straight.surname)) return straight;
  const crossGiven = pa.given && pb.surname ? compareLatinNamePart(pa.given, pb.surname) : undefined;
  const crossSurname = pa.surname && pb.given ? compareLatinNamePart(pa.surname, pb.given) : undefined;
  if (agrees(crossGiven) && (crossSurname === undefined || agrees(crossSurname))) {
    const detail = `${pa.given ?? ''} ${pa.surname ?? ''} ~ ${pb.given ?? ''} ${pb.surname ?? ''}`.trim();
    return {
      given: { level: 'swapped', detail },
      ...(crossSurname ? { surname: { level: 'swapped', detail } } : {}),
    };
  }
  return straight;
}

const LATIN_LEVEL_ORDER: readonly LatinNameLevel[] = [
  'exact',
  'one-edit',
  'jw-high',
  'jw-mid',
  'swapped',
  'different',
];

function agrees(c: Compared<LatinNameLevel> | undefined): boolean {
  return c !== undefined && c.level !== 'different' && c.level !== 'jw-mid';
}

function compareLoneWord(
  pa: ReturnType<typeof latinNameParts>,
  pb: ReturnType<typeof latinNameParts>,
): { given?: Compared<LatinNameLevel>; surname?: Compared<LatinNameLevel> } {
  const [lone, other] = pa.lone !== undefined ? [pa.lone, pb] : [pb.lone!, pa];
  const options: Array<['given' | 'surname', string]> = [];
  if (other.lone !== undefined) options.push(['given', other.lone]);
  if (other.given !== undefined) options.push(['given', other.given]);
  if (other.surname !== undefined) options.push(['surname', other.surname]);
  let best: ['given' | 'surname', Compared<LatinNameLevel>] | undefined;
  for (const [part, word] of options) {
    const c = compareLatinNamePart(lone, word);
    if (best === undefined || LATIN_LEVEL_ORDER.indexOf(c.level) < LATIN_LEVEL_ORDER.indexOf(best[1].level)) {
      best = [part, c];
    }
  }
  return best === undefined ? {} : { [best[0]]: best[1] };
}

/** Sex implied by an honorific (先生 male, 女士 female, …); undefined for neutral ones (老师, 师傅). */
export function sexOfHonorific(honorific: string | undefined): 'male' | 'female' | undefined {
  if (honorific === undefined) return undefined;
  if (/^(先生|大爷|大伯|大叔|大哥|爷爷|姥爷|阿公|伯伯|叔叔|老伯|阿伯|老汉|老头|伯|叔|哥|爷)$/.test(honorific))
    return 'male';
  if (
    /^(女士|小姐|太太|夫人|大妈|大娘|大婶|大姐|大嫂|阿姨|奶奶|姥姥|婆婆|阿婆|婶婶|婶子|嫂子|老太|老太太|姑娘|老板娘|婶|姨|姐|嫂)$/.test(
      honorific,
    )
  )
    return 'female';
  return undefined;
}

/** Given-name characters borne almost only by women, and almost only by men (characters both bear are left out). */
const FEMALE_CHARACTERS = new Set([
  ...'芳娜静丽艳娟霞英兰萍梅玲燕琴婷颖倩雯莉秀美雅梦雪凤淑慧桂娥妹媛婉娇嫣妮娅姗妍蓉菊莲翠珍琳薇蕾姣娴婵钰瑶璐佩丹洁怡珊莎黛媚姿鹃瑛',
]);
const MALE_CHARACTERS = new Set([
  ...'伟强磊军勇杰涛刚峰斌龙鹏国建志俊浩辉彪虎雄豪武栋亮坤鑫锋健兵福贵根宏波超东明成飞忠德胜祥发才光钢韬铭',
]);

/**
 * The sex a Chinese full name's given name suggests (丽萍 female, 志强 male), when its characters agree; undefined
 * for neutral or mixed names. A guess: the matcher weighs it less than a stated sex or an ID number's.
 */
export function likelySexOfName(name: PersonName): 'male' | 'female' | undefined {
  if (name.form !== 'full' || !isHanName(name)) return undefined;
  const normalised = name.normalised ?? '';
  const given = [
    ...(name.surname && normalised.startsWith(name.surname)
      ? normalised.slice(name.surname.length)
      : normalised.slice(1)),
  ];
  const female = given.some((c) => FEMALE_CHARACTERS.has(c));
  const male = given.some((c) => MALE_CHARACTERS.has(c));
  return female === male ? undefined : female ? 'female' : 'male';
}

// ---------------------------------------------------------------------------------------------------------------
// Identifiers

export type ResidentIdLevel =
  | 'exact'
  | 'exact-unverified'
  | 'partial'
  | 'conflict'
  | 'different'
  | 'different-unverified';

const verified = (id: ResidentId) => id.status === 'valid' || id.status === 'upgraded';

/**
 * Two resident ID numbers. With both blind indexes: the same number (exact; `exact-unverified` when it fails its
 * checksum, since a shared wrong number may be a placeholder), or different (`different` when both are verified — two
 * people —, `different-unverified` when one is wrong: a typo). When one side is masked only the digits both show can be
 * compared: at least four of them beyond the region code must be visible on both; all agree → `partial`, any differs
 * → `conflict`.
 */
export function compareResidentIds(a: ResidentId, b: ResidentId): Compared<ResidentIdLevel> | undefined {
  if (a.blindIndex && b.blindIndex) {
    if (a.blindIndex === b.blindIndex) {
      return verified(a) && verified(b)
        ? { level: 'exact' }
        : { level: 'exact-unverified', detail: 'checksum fails' };
    }
    if (verified(a) && verified(b)) return { level: 'different', detail: `${a.masked} ≠ ${b.masked}` };
    const seen = visibleAgreement(visibleIdDigits(a), visibleIdDigits(b));
    if (seen.compared >= 10 && seen.differ === 0) {
      return {
        level: 'partial',
        detail: `one number fails its checksum; ${seen.compared} shown digits agree`,
      };
    }
    return { level: 'different-unverified', detail: `${a.masked} ≠ ${b.masked}, one fails its checksum` };
  }
  const seen = visibleAgreement(visibleIdDigits(a), visibleIdDigits(b), 6);
  if (seen.compared < 4) return undefined;
  if (seen.differ > 0) return { level: 'conflict', detail: `${a.masked} ≠ ${b.masked}` };
  return { level: 'partial', detail: `${a.masked} ~ ${b.masked}: every digit shown on both agrees` };
}

function visibleIdDigits(id: ResidentId): string {
  const shown = id.visibleDigits ?? id.masked;
  return shown.length === 18 ? shown : '';
}

/**
 * Positions where both patterns show a digit (or X), counted from `from`; `differ` counts those that disagree. The
 * patterns must have the same length, else nothing is compared. Region digits before `from` must agree too or the
 * comparison counts one difference.
 */
export function visibleAgreement(a: string, b: string, from = 0): { compared: number; differ: number } {
  if (a.length !== b.length || a === '') return { compared: 0, differ: 0 };
  let compared = 0;
  let differ = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === '*' || y === '*') continue;
    if (i >= from) compared++;
    if (x !== y) differ++;
  }
  return { compared, differ };
}

export type PhoneLevel = 'exact' | 'exact-landline' | 'partial' | 'different';

/**
 * Two phones: the same blind index — `exact` for a mobile (a personal, real-name device), `exact-landline` for a
 * landline (a household's) —, or digits shown by a masked number (138****5678) agreeing with the other side's shown
 * digits (at least seven, as a mobile masked the usual way shows) — `partial` — or not. Service numbers (110, 12345,
 * 400…) identify nobody and are not compared.
 */
export function comparePhones(a: Phone, b: Phone): Compared<PhoneLevel> | undefined {
  if (a.kind === 'service' || b.kind === 'service') return undefined;
  if (a.blindIndex && b.blindIndex) {
    if (a.blindIndex !== b.blindIndex) return { level: 'different' };
    return a.kind === 'landline' || b.kind === 'landline'
      ? { level: 'exact-landline', detail: a.masked }
      : { level: 'exact', detail: a.masked };
  }
  const pa = visiblePhoneDigits(a);
  const pb = visiblePhoneDigits(b);
  const seen = visibleAgreement(pa, pb);
  if (seen.compared < 7) return undefined;
  return seen.differ === 0
    ? { level: 'partial', detail: `${a.masked} ~ ${b.masked}` }
    : { level: 'different', detail: `${a.masked} ≠ ${b.masked}` };
}

function visiblePhoneDigits(phone: Phone): string {
  return (phone.visibleDigits ?? phone.masked).replace(/-/g, '');
}

export type OtherIdLevel = 'exact' | 'one-edit' | 'two-edits' | 'different';

/**
 * Two identifiers of the same scheme. In the hub only the blind index is stored, so only `exact` or `different` can
 * be observed. An evaluation holding clear values (the FEBRL harness) may pass `value`, and then typos are seen as
 * one or two edits apart.
 */
export function compareOtherIds(
  a: OtherId & { value?: string },
  b: OtherId & { value?: string },
): Compared<OtherIdLevel> | undefined {
  if (a.scheme !== b.scheme) return undefined;
  if (a.value !== undefined && b.value !== undefined) {
    if (a.value === b.value) return { level: 'exact' };
    const d = damerauDistance(a.value, b.value, 2);
    if (d === 1) return { level: 'one-edit', detail: `${a.masked} ~ ${b.masked}` };
    if (d === 2) return { level: 'two-edits', detail: `${a.masked} ~ ${b.masked}` };
    return { level: 'different' };
  }
  if (!a.blindIndex || !b.blindIndex) return undefined;
  return a.blindIndex === b.blindIndex ? { level: 'exact' } : { level: 'different' };
}

// ---------------------------------------------------------------------------------------------------------------
// Birth date and sex

export type BirthDateLevel = 'exact' | 'transposed' | 'one-digit' | 'year-month' | 'year' | 'different';

/**
 * Two birth dates (YYYY-MM-DD): equal; day and month swapped; one digit wrong or two adjacent digits swapped;
 * the same year and month; the same year; or different.
 */
export function compareBirthDates(a: string, b: string): Compared<BirthDateLevel> | undefined {
  const da = /^(\d{4})-(\d{2})-(\d{2})$/.exec(a);
  const db = /^(\d{4})-(\d{2})-(\d{2})$/.exec(b);
  if (da === null || db === null) return undefined;
  if (a === b) return { level: 'exact', detail: a };
  const [, ya, ma, dda] = da;
  const [, yb, mb, ddb] = db;
  if (ya === yb && ma === ddb && dda === mb) return { level: 'transposed', detail: `${a} ~ ${b}` };
  const digitsA = `${ya}${ma}${dda}`;
  const digitsB = `${yb}${mb}${ddb}`;
  if (damerauDistance(digitsA, digitsB, 1) <= 1) return { level: 'one-digit', detail: `${a} ~ ${b}` };
  if (ya === yb && ma === mb) return { level: 'year-month', detail: `${a} ~ ${b}` };
  if (ya === yb) return { level: 'year', detail: `${a} ~ ${b}` };
  return { level: 'different', detail: `${a} ≠ ${b}` };
}

export type SexLevel = 'same' | 'different' | 'same-likely' | 'different-likely';

/** Two sexes; `guessed` when either comes from a given name rather than a statement, an honorific or an ID number. */
export function compareSex(a: 'male' | 'female', b: 'male' | 'female', guessed = false): Compared<SexLevel> {
  if (guessed) {
    return a === b
      ? { level: 'same-likely', detail: `${a} (from a given name)` }
      : { level: 'different-likely', detail: `${a} ≠ ${b} (from a given name)` };
  }
  return a === b ? { level: 'same', detail: a } : { level: 'different', detail: `${a} ≠ ${b}` };
}

// ---------------------------------------------------------------------------------------------------------------
// Places

export type DivisionLevel =
  | 'grid'
  | 'village'
  | 'town'
  | 'county'
  | 'city'
  | 'province'
  | 'village-other-grid'
  | 'town-other-village'
  | 'county-other-town'
  | 'city-other-county'
  | 'province-other-city'
  | 'other-province'
  | 'postcode'
  | 'postcode-one-edit'
  | 'other-postcode';

/** Lengths of a division code at each level (GB/T 2260 + 统计用区划代码), the grid cell after the village. */
const DIVISION_DEPTHS = [
  { length: 2, name: 'province' },
  { length: 4, name: 'city' },
  { length: 6, name: 'county' },
  { length: 9, name: 'town' },
  { length: 12, name: 'village' },
  { length: 15, name: 'grid' },
] as const;

/** The finest code of a location: its grid cell, else its division code. */
function finestCode(location: Location): string | undefined {
  return location.gridCode ?? location.divisionCode;
}

/**
 * How deep two places agree in the division hierarchy (province → city → county → town → village → grid cell), and
 * whether they then part (both known finer, and different: `town-other-village`). A place known only to the county
 * agrees with any village of it at `county`. Latin addresses have no division code: their postcodes are compared
 * instead (exact, one edit, other).
 */
export function compareDivisions(a: Location, b: Location): Compared<DivisionLevel> | undefined {
  const ca = finestCode(a);
  const cb = finestCode(b);
  if (ca && cb) {
    let agreed: (typeof DIVISION_DEPTHS)[number] | undefined;
    let parted: (typeof DIVISION_DEPTHS)[number] | undefined;
    for (const depth of DIVISION_DEPTHS) {
      if (ca.length < depth.length || cb.length < depth.length) break;
      if (ca.slice(0, depth.length) === cb.slice(0, depth.length)) agreed = depth;
      else {
        parted = depth;
        break;
      }
    }
    const detail = `${ca} ~ ${cb}`;
    if (agreed === undefined) return { level: 'other-province', detail };
    if (parted === undefined) return { level: agreed.name, detail };
    return { level: `${agreed.name}-other-${parted.name}` as DivisionLevel, detail };
  }
  const pa = postcodeOf(a);
  const pb = postcodeOf(b);
  if (pa === undefined || pb === undefined) return undefined;
  if (pa === pb) return { level: 'postcode', detail: pa };
  if (damerauDistance(pa, pb, 1) <= 1) return { level: 'postcode-one-edit', detail: `${pa} ~ ${pb}` };
  return { level: 'other-postcode', detail: `${pa} ≠ ${pb}` };
}

/**
 * The postcode of a Latin address: the last group of 4–6 digits that is not the house number opening it
 * (`7 wallaby place, cleveland sa 2119`, `7 wallaby place delmar cleveland 2119 sa`).
 */
export function postcodeOf(location: Location): string | undefined {
  const text = location.normalisedAddress ?? location.addressText;
  if (text === undefined || HAN.test(text)) return undefined;
  const tokens = text.split(/[\s,]+/).filter((x) => x !== '');
  for (let i = tokens.length - 1; i >= 1; i--) if (/^\d{4,6}$/.test(tokens[i]!)) return tokens[i];
  return undefined;
}

export type AddressLevel = 'same' | 'contains' | 'most' | 'some' | 'different';

/** Where one address token ends: an administrative or house-numbering unit. */
const ADDRESS_TOKEN =
  /.+?(?:省|自治区|自治州|自治县|市|州|盟|县|旗|区|街道|镇|乡|社区|居委会|村委会|村|小区|花园|公寓|大厦|新村|苑|园|路|街|大道|巷|弄|组|号楼|号|幢|单元|楼|层|室|户)|.+$/gu;

/**
 * The tokens of an address as a source writes it, for comparison: half-width, numerals as digits (三组 → 3组),
 * building words unified (栋/号楼 → 幢), split after each unit word (诸暨市|枫桥镇|枫源村|3组|12号).
 */
export function addressTokens(text: string): string[] {
  const t = chineseNumeralsToDigits(toHalfWidth(text))
    .replace(/[\s,，、()（）]/g, '')
    .replace(/(\d+)(?:栋|号楼)/g, '$1幢')
    .replace(/村民小组/g, '组')
    .replace(/居民委员会|居委会/g, '社区')
    .replace(/村民委员会|村委会/g, '村');
  return t.match(ADDRESS_TOKEN) ?? [];
}

/** Tokens naming a town or anything above it: sources write them or leave them out. */
const ABOVE_VILLAGE = /(省|自治区|自治州|自治县|市|州|盟|县|旗|(?<![小社园景校厂矿])区|街道|镇|乡)$/u;
/** Tokens numbering a place inside a village or street: group, house, building, entrance, floor, room. */
const NUMBERING = /\d+(?:组|号|幢|单元|楼|层|室|户|弄)$/u;

/**
 * Two address texts. Chinese: without the town-and-above prefix a source may leave out, compared token by token:
 * identical → `same`; one continues the other (枫源村 / 枫源村3组12号) → `contains`; the same house with a part
 * left out (阳光小区3幢2单元501室 / 阳光小区3幢501室) or only an unnumbered part different → `most`; the same
 * village or street but another group, house or room → `some` (a neighbour); another village or street → `different`. Latin: bigram Dice of the street and locality without the
 * postcode (≥ .95 same, ≥ .8 most, ≥ .55 some).
 */
export function compareAddressText(a: Location, b: Location): Compared<AddressLevel> | undefined {
  const ta = a.normalisedAddress ?? a.addressText;
  const tb = b.normalisedAddress ?? b.addressText;
  if (!ta || !tb) return undefined;
  if (!HAN.test(ta) && !HAN.test(tb)) return compareLatinAddress(ta, tb);
  const xa = belowTown(addressTokens(ta));
  const xb = belowTown(addressTokens(tb));
  if (xa.length === 0 || xb.length === 0) return undefined;
  const detail = `${ta} ~ ${tb}`;
  let sa = xa;
  let sb = xb;
  if (NUMBERING.test(sa[0]!) !== NUMBERING.test(sb[0]!)) {
    // One side starts at the group or house, leaving out its village: compare from the numbering on.
    sa = NUMBERING.test(sa[0]!) ? sa : sa.slice(sa.findIndex((t) => NUMBERING.test(t)));
    sb = NUMBERING.test(sb[0]!) ? sb : sb.slice(sb.findIndex((t) => NUMBERING.test(t)));
    if (sa.length === 0 || sb.length === 0 || !NUMBERING.test(sa[0]!) || !NUMBERING.test(sb[0]!)) {
      return { level: 'different', detail };
    }
  }
  let i = 0;
  while (i < sa.length && i < sb.length && sa[i] === sb[i]) i++;
  const partial = sa !== xa || sb !== xb;
  if (i === Math.min(sa.length, sb.length)) {
    return { level: sa.length === sb.length && !partial ? 'same' : 'contains', detail };
  }
  if (i === 0) return { level: 'different', detail };
  const [shorter, longer] = sa.length <= sb.length ? [sa, sb] : [sb, sa];
  if (isSubsequence(shorter, longer) && shorter.at(-1) === longer.at(-1)) return { level: 'most', detail };
  const numberingDiffers = [...sa.slice(i), ...sb.slice(i)].some((t) => NUMBERING.test(t));
  return { level: numberingDiffers ? 'some' : 'most', detail };
}

/** True when `short` appears in `long` in order, possibly with gaps (an entrance or building left out). */
function isSubsequence(short: readonly string[], long: readonly string[]): boolean {
  let j = 0;
  for (const t of long) if (j < short.length && short[j] === t) j++;
  return j === short.length;
}

function belowTown(tokens: string[]): string[] {
  const first = tokens.findIndex((t) => !ABOVE_VILLAGE.test(t));
  return first < 0 ? [] : tokens.slice(first);
}

function compareLatinAddress(a: string, b: string): Compared<AddressLevel> {
  const strip = (x: string) => {
    const postcode = postcodeOf({ addressText: x });
    const tokens = x
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w !== '');
    const at = postcode === undefined ? -1 : tokens.lastIndexOf(postcode);
    return tokens.filter((_, i) => i !== at).join(' ');
  };
  const sa = strip(a);
  const sb = strip(b);
  const dice = bigramDice(sa, sb);
  const detail = `${sa} ~ ${sb} (dice ${dice.toFixed(2)})`;
  if (dice >= 0.95) return { level: 'same', detail };
  if (dice >= 0.8) return { level: 'most', detail };
  if (dice >= 0.55) return { level: 'some', detail };
  return { level: 'different', detail };
}

export type CoordinatesLevel = 'within-100m' | 'within-500m' | 'within-2km' | 'within-10km' | 'far';

/**
 * Distance between two points after bringing both to WGS-84 (a 110 fix is WGS-84, a phone map GCJ-02, some apps BD-09;
 * the datums differ by several hundred metres in China).
 */
export function compareCoordinates(a: Coordinates, b: Coordinates): Compared<CoordinatesLevel> {
  const metres = distanceMetres(a, b);
  const detail = `${Math.round(metres)} m`;
  if (metres <= 100) return { level: 'within-100m', detail };
  if (metres <= 500) return { level: 'within-500m', detail };
  if (metres <= 2000) return { level: 'within-2km', detail };
  if (metres <= 10_000) return { level: 'within-10km', detail };
  return { level: 'far', detail };
}

/** Great-circle distance in metres between two coordinates of any supported datum. */
export function distanceMetres(a: Coordinates, b: Coordinates): number {
  const [lonA, latA] = toWgs84(a);
  const [lonB, latB] = toWgs84(b);
  const rad = Math.PI / 180;
  const dLat = (latB - latA) * rad;
  const dLon = (lonB - lonA) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(latA * rad) * Math.cos(latB * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * WGS-84 longitude and latitude of a point. GCJ-02 is inverted by fixed-point iteration of the published forward
 * offset (metre accuracy); BD-09 is first taken back to GCJ-02.
 * @see https://github.com/googollee/eviltransform (the GCJ-02 offset as commonly re-implemented)
 */
export function toWgs84(c: Coordinates): [number, number] {
  let lon = c.longitude;
  let lat = c.latitude;
  if (c.datum === 'BD-09') [lon, lat] = bd09ToGcj02(lon, lat);
  if (c.datum === 'WGS-84' || outsideChina(lon, lat)) return [lon, lat];
  let wLon = lon;
  let wLat = lat;
  for (let i = 0; i < 5; i++) {
    const [gLon, gLat] = wgs84ToGcj02(wLon, wLat);
    wLon -= gLon - lon;
    wLat -= gLat - lat;
  }
  return [wLon, wLat];
}

function outsideChina(lon: number, lat: number): boolean {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function wgs84ToGcj02(lon: number, lat: number): [number, number] {
  const a = 6378245.0;
  const ee = 0.006693421622965943;
  const x = lon - 105.0;
  const y = lat - 35.0;
  let dLat =
    -100.0 +
    2.0 * x +
    3.0 * y +
    0.2 * y * y +
    0.1 * x * y +
    0.2 * Math.sqrt(Math.abs(x)) +
    ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0 +
    ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0 +
    ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  let dLon =
    300.0 +
    x +
    2.0 * y +
    0.1 * x * x +
    0.1 * x * y +
    0.1 * Math.sqrt(Math.abs(x)) +
    ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0 +
    ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0 +
    ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - ee * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180.0) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

function bd09ToGcj02(lon: number, lat: number): [number, number] {
  const xPi = (Math.PI * 3000.0) / 180.0;
  const x = lon - 0.0065;
  const y = lat - 0.006;
  const z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * xPi);
  const theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * xPi);
  return [z * Math.cos(theta), z * Math.sin(theta)];
}
