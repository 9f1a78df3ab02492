/**
 * Similarity of Chinese narrative texts (what a caller, petitioner or officer said): character bigrams after the
 * channel boilerplate (来电人反映, 报警人称, 要求相关部门协调处理 …) and function words are cut out, compared as
 * count vectors (cosine). Pure; used by the dispute matcher to tell "the same matter" from "the same people".
 */
import * as OpenCC from 'opencc-js';
import { toHalfWidth } from './normalise/text.js';

const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

/**
 * Phrases every channel wraps around the matter. They say nothing about which matter it is, and two unrelated work
 * orders share them, so they would inflate similarity. Longest first so a longer phrase wins over its prefix.
 */
const BOILERPLATE = [
  '来电人反映',
  '来电人称',
  '来电者反映',
  '来电反映',
  '市民来电反映',
  '市民来电称',
  '市民来电',
  '市民反映',
  '群众反映',
  '网友反映',
  '报警人称',
  '报警人反映',
  '报警称',
  '信访人反映',
  '信访人称',
  '信访人要求',
  '申请人与被申请人',
  '被申请人',
  '申请人',
  '来电人',
  '报警人',
  '信访人',
  '要求相关部门',
  '请相关部门',
  '希望相关部门',
  '相关部门',
  '协调处理',
  '尽快处理',
  '予以处理',
  '调查处理',
  '核实处理',
  '依法处理',
  '帮助解决',
  '尽快解决',
  '协调解决',
  '妥善解决',
  '民警到场后',
  '民警到场',
  '经了解',
  '经调解',
  '现场调解',
  '移交调解',
  '问题仍未解决',
  '未得到解决',
  '目前',
  '要求',
  '请求',
  '希望',
  '反映',
  '诉求',
  '处理',
  '解决',
  '情况',
  '问题',
  '引发纠纷',
  '发生纠纷',
  '纠纷',
  '发生',
  '多次',
  '无果',
  '双方',
  '至今',
].sort((a, b) => b.length - a.length);

/** Function words: cut out like punctuation, so they neither count nor glue their neighbours into a false bigram. */
const FUNCTION_CHARACTERS = new Set([...'的了在是和与及把被将对向等也都又就还其该此之而并或即已称']);

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
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
/** A Chinese numeral up to 99 (三, 十二, 二十, 二十三) followed by a counter that marks it as a number in an address. */
const NUMERAL_BEFORE_COUNTER = /([零〇一二两三四五六七八九十]{1,3})(?=[组号幢栋楼层单元室弄队社排户村居])/g;

/** Chinese numerals before an address counter as Arabic digits: 三组 → 3组, 十二号 → 12号, 二十三幢 → 23幢. */
export function chineseNumeralsToDigits(text: string): string {
  return text.replace(NUMERAL_BEFORE_COUNTER, (numeral) => {
    const value = numeralValue(numeral);
    return value === undefined ? numeral : String(value);
  });
}

function numeralValue(numeral: string): number | undefined {
  const chars = [...numeral];
  if (!numeral.includes('十')) {
    if (chars.length !== 1) return undefined;
    return DIGITS[chars[0]!];
  }
  const [tens = '', units = ''] = numeral.split('十');
  const t = tens === '' ? 1 : DIGITS[tens];
  const u = units === '' ? 0 : DIGITS[units];
  if (t === undefined || u === undefined || [...tens].length > 1 || [...units].length > 1) return undefined;
  return t * 10 + u;
}

export interface NarrativeOptions {
  /** Strings to cut out before comparing, typically the parties' names, so similarity measures the matter, not who. */
  ignore?: readonly string[];
}

/**
 * The text reduced to what distinguishes one matter from another: simplified, half-width, numerals as digits,
 * boilerplate and function words replaced by a break, one run per stretch of content.
 */
export function narrativeRuns(text: string, options: NarrativeOptions = {}): string[] {
  let t = chineseNumeralsToDigits(toSimplified(toHalfWidth(text)).toLowerCase());
  for (const word of options.ignore ?? []) {
    const w = toSimplified(toHalfWidth(word)).toLowerCase().trim();
    if (w.length >= 2) t = t.split(w).join('|');
  }
  for (const phrase of BOILERPLATE) t = t.split(phrase).join('|');
  const chars = [...t].map((c) =>
    FUNCTION_CHARACTERS.has(c) || !/[\p{Script=Han}a-z0-9]/u.test(c) ? '|' : c,
  );
  return chars
    .join('')
    .split('|')
    .filter((run) => run !== '');
}

/**
 * Character bigrams of the runs, with counts. A run of Latin letters or digits counts as one unit (12号 is the units
 * `12` and `号`), so a house number is one token rather than a bigram of its digits.
 */
export function narrativeBigrams(text: string, options: NarrativeOptions = {}): Map<string, number> {
  const counts = new Map<string, number>();
  for (const run of narrativeRuns(text, options)) {
    const units = run.match(/[a-z0-9]+|\p{Script=Han}/gu) ?? [];
    if (units.length === 1) add(counts, units[0]!);
    for (let i = 0; i + 1 < units.length; i++) add(counts, `${units[i]}${units[i + 1]}`);
  }
  return counts;
}

export interface TextSimilarity {
  /** Cosine of the bigram count vectors, 0 (nothing shared) to 1 (the same content). */
  cosine: number;
  /** Jaccard of the bigram sets. */
  jaccard: number;
  /** Up to five shared bigrams, most frequent first: the words the explanation shows. */
  shared: string[];
  /** Distinct bigrams of the shorter text: how much there was to compare. */
  shorter: number;
}

/** How alike two narratives are, after boilerplate and the `ignore` strings are removed. Empty texts give 0. */
export function narrativeSimilarity(a: string, b: string, options: NarrativeOptions = {}): TextSimilarity {
  const va = narrativeBigrams(a, options);
  const vb = narrativeBigrams(b, options);
  const shorter = Math.min(va.size, vb.size);
  if (shorter === 0) return { cosine: 0, jaccard: 0, shared: [], shorter };
  let dot = 0;
  let intersection = 0;
  const shared: Array<[string, number]> = [];
  for (const [gram, ca] of va) {
    const cb = vb.get(gram);
    if (cb === undefined) continue;
    dot += ca * cb;
    intersection++;
    shared.push([gram, ca + cb]);
  }
  const norm = (v: Map<string, number>) => Math.sqrt([...v.values()].reduce((s, c) => s + c * c, 0));
  const cosine = dot / (norm(va) * norm(vb));
  const jaccard = intersection / (va.size + vb.size - intersection);
  return {
    cosine: round(cosine),
    jaccard: round(jaccard),
    shared: shared
      .sort((x, y) => y[1] - x[1])
      .slice(0, 5)
      .map(([g]) => g),
    shorter,
  };
}

function add(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
