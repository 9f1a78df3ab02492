/**
 * Reads the parties an officer or a grid worker wrote as free text (110 `DSR`, grid `mainCharacters`):
 * `张伟(330681198203150012)、李强`, `张伟（户主）与邻居李强`, `王某等5人`. Only names are read: noise such as 双方,
 * 邻居 or 户主 never becomes a party, and a segment that reads as no name is left alone.
 */
import { normalisePersonName } from '../../functions/resolution/normalise/name.js';
import { splitPhones } from '../../functions/resolution/normalise/phone.js';
import { normaliseResidentId } from '../../functions/resolution/normalise/resident-id.js';
import { toHalfWidth } from '../../functions/resolution/normalise/text.js';
import type { PersonName } from '../../schemas/generated/types.js';
import type { ClearPartyMention, ClearPhone, ClearResidentId } from './adapter.js';
import { COUNT_PATTERN, parseCount } from './chinese-numerals.js';

/** Separators between parties (after half-width conversion): 、 , ; ， ； and line breaks. */
const SEPARATORS = new Set([...'、,;\n\r\t']);
/** Words joining two parties inside one segment (张伟与李强). */
const CONNECTORS = new Set([...'与和及同跟']);
const OPENING = '([【〔';
/** The longest text one party is written in (a name, brackets with an ID, a phone and notes): splits lie closer. */
const MAX_PARTY_LENGTH = 60;
/** A run of text longer than this with nowhere to split is no party (it is prose, not a list of names). */
const MAX_SEGMENT_LENGTH = 4 * MAX_PARTY_LENGTH;
const CLOSING = ')]】〕';

/**
 * Single-character surnames (百家姓 and common modern ones). A full name is read only when it starts with one, so
 * words such as 村民 or 工人 never pass for names. 家 is left out: 张家 and 李家 name families, not people.
 */
const SURNAMES = new Set([
  ...'赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎',
  ...'鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄',
  ...'和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭',
  ...'梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚',
  ...'程嵇邢滑裴陆荣翁荀羊於惠甄曲封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫',
  ...'宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴郁胥能苍双',
  ...'闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍郤璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容',
  ...'向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空',
  ...'曾毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公付闫覃谌佘麦岳帅原粟揭朴植郎练邝楼斯裘竺屠虞',
]);
const COMPOUND_SURNAMES = new Set(
  (
    '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 令狐 夏侯 轩辕 端木 司徒 司空 宇文 独孤 南宫 西门 澹台 ' +
    '公冶 宗政 濮阳 淳于 单于 太叔 申屠 仲孙 钟离 闾丘 呼延 万俟 赫连 拓跋 鲜于'
  ).split(' '),
);

/** Words that stand for people without naming anyone: never a party on their own. */
const NOISE_WORDS = new Set(
  (
    '双方 对方 邻居 隔壁 户主 房东 租户 业主 村民 居民 群众 家属 亲属 家人 夫妻 夫妇 父子 父女 母子 母女 兄弟 ' +
    '姐妹 子女 老人 小孩 孩子 男子 女子 男性 女性 工人 员工 老板 司机 保安 商户 店主 学生 全家 一家 多人 众人 ' +
    '他人 本人 某人 其他 其他人 当事人 当事双方 报警人 申请人 被申请人 涉事人 嫌疑人 受害人 相关人员 不详 未知 ' +
    '无 暂无 若干 多名 数人'
  ).split(' '),
);
/** Relation or role words written before a name (邻居李强): removed and kept as the mention's sourceRole. */
const ROLE_PREFIXES = (
  '隔壁邻居 楼上邻居 楼下邻居 邻居 隔壁 对门 楼上 楼下 户主 房东 租户 业主 村民 居民 丈夫 妻子 老公 老婆 前夫 前妻 ' +
  '其夫 其妻 儿子 女儿 儿媳 女婿 父亲 母亲 公公 婆婆 哥哥 弟弟 姐姐 妹妹 雇主 包工头 工人 员工 对方 当事人 ' +
  '报警人 申请人 被申请人 涉事人 嫌疑人 受害人 男子 女子'
)
  .split(' ')
  .sort((a, b) => b.length - a.length);
/** Words written after a name that do not belong to it (李强家, 张伟夫妇, 李强双方). */
const TRAILING_WORDS = '一家人 一家 夫妇 夫妻 家人 双方 两家 全家 家'.split(' ');
/** How organisation names end (某物业公司, 枫桥镇人民政府): read as an organisation, not a person. */
const ORGANIZATION_SUFFIX =
  /(?:公司|厂|商店|超市|酒店|饭店|餐馆|医院|学校|幼儿园|银行|合作社|委员会|村委会|居委会|政府|办事处|中心|集团|工地|项目部|物业)$/;
/** A count of people after a name or a word: 等5人, 等五人, 30余人, 等十多名, 等人. */
const GROUP = new RegExp(
  `(?:(等)?\\s*(${COUNT_PATTERN})\\s*(余|多)?\\s*(?:人|名|户|位)|(等)\\s*(多)?\\s*人)$`,
);
/** A resident ID number (or a masked one) written as one run of digits. */
const ID_RUN = /[0-9*xX×]{15,18}/;
/** A mobile number written straight after a name. */
const PHONE_RUN = /1[3-9]\d[\d*]{4}\d{4}/;
const ID_LABEL = /^(?:公民)?身份证(?:号码|号)?[:：]?|^证件号(?:码)?[:：]?/;
const PHONE_LABEL = /^(?:联系)?(?:电话|手机|手机号)[:：]?/;

interface Span {
  start: number;
  end: number;
}

interface SegmentReading {
  persons: ClearPartyMention[];
  group?: ClearPartyMention;
}

/**
 * Every party a free-text field names, in the order written, each with `extractedFrom: field` and roles
 * `['involved']`. IDs and phones in brackets go to the person; other bracket notes (户主, 男) to sourceRole and sex;
 * `王某等5人` gives the person 王某 and a group of 5. The same full name written twice is one mention.
 */
export function extractParties(text: string, field: string): ClearPartyMention[] {
  if (typeof text !== 'string') return [];
  const half = toHalfWidth(text);
  const persons: ClearPartyMention[] = [];
  const groups: ClearPartyMention[] = [];
  for (const segment of splitAtDepthZero(half, { start: 0, end: half.length }, SEPARATORS)) {
    const reading = readJoinedSegment(text, half, segment, field);
    persons.push(...reading.persons);
    if (reading.group) groups.push(reading.group);
  }
  return [...mergeSameNames(persons), ...groups];
}

/**
 * Adds extracted mentions to the mentions a record states in fields (a caller): a person written in both with the same
 * full name (and no conflicting ID number) is one mention, keeping the stated one's fields and adding the other's
 * roles, ID number, phones and sourceRole.
 */
export function mergeMentionsByName(
  stated: ClearPartyMention[],
  extracted: ClearPartyMention[],
): ClearPartyMention[] {
  const merged = stated.map((mention) => ({ ...mention }));
  const byName = new Map<string, ClearPartyMention[]>();
  const index = (mention: ClearPartyMention) => {
    const key = mention.name?.normalised;
    if (key !== undefined) byName.set(key, [...(byName.get(key) ?? []), mention]);
  };
  merged.forEach(index);
  for (const mention of extracted) {
    const same = byName.get(mention.name?.normalised ?? '')?.find((m) => isSamePerson(m, mention));
    if (same !== undefined) absorb(same, mention);
    else {
      const copy = { ...mention };
      merged.push(copy);
      index(copy);
    }
  }
  return merged;
}

function isSamePerson(a: ClearPartyMention, b: ClearPartyMention): boolean {
  if (a.kind !== 'person' || b.kind !== 'person') return false;
  if (a.name?.form !== 'full' || b.name?.form !== 'full') return false;
  if (a.name.normalised !== b.name.normalised) return false;
  const idA = a.residentId?.value ?? a.residentId?.visibleDigits;
  const idB = b.residentId?.value ?? b.residentId?.visibleDigits;
  return idA === undefined || idB === undefined || idA === idB;
}

function absorb(into: ClearPartyMention, other: ClearPartyMention): void {
  into.roles = [...new Set([...into.roles, ...other.roles])];
  if (into.residentId === undefined && other.residentId !== undefined) into.residentId = other.residentId;
  if (into.sex === undefined && other.sex !== undefined) into.sex = other.sex;
  if (into.sourceRole === undefined && other.sourceRole !== undefined) into.sourceRole = other.sourceRole;
  const phones = dedupePhones([...(into.phones ?? []), ...(other.phones ?? [])]);
  if (phones.length > 0) into.phones = phones;
}

/**
 * A segment with 与/和/及 or a space in it: split there only when both sides read as parties (张和平 and 张 伟 stay
 * one name). Read from the end: the reading of the rest from each split point is known before the text before it is
 * tried, so no reading is repeated and nothing recurses.
 */
function readJoinedSegment(original: string, half: string, span: Span, field: string): SegmentReading {
  const splits = splitPointsOf(half, span);
  /** From each start: the party text up to the chosen split (or the end), and where the rest starts. */
  const links = new Map<number, { own: SegmentReading; next?: number }>();
  const hasMentionFrom = (start: number) => {
    const link = links.get(start);
    return link !== undefined && hasMention(link.own);
  };
  for (let first = splits.length; first >= 0; first--) {
    // Reading from `start`, the text up to splits[first] or a later split is one party.
    const start = first === 0 ? span.start : (splits[first - 1] ?? span.start) + 1;
    let link: { own: SegmentReading; next?: number } | undefined;
    for (let n = first; n < splits.length && link === undefined; n++) {
      const i = splits[n] ?? span.end;
      if (i >= Math.min(span.end - 1, start + MAX_PARTY_LENGTH)) break;
      if (i < start + 1 || (CONNECTORS.has(half.charAt(i)) && i < start + 2) || !hasMentionFrom(i + 1))
        continue;
      const left = readSegment(original, half, { start, end: i }, field);
      if (hasMention(left)) link = { own: left, next: i + 1 };
    }
    link ??= {
      own:
        span.end - start <= MAX_SEGMENT_LENGTH
          ? readSegment(original, half, { start, end: span.end }, field)
          : { persons: [] },
    };
    links.set(start, link);
  }
  const persons: ClearPartyMention[] = [];
  let group: ClearPartyMention | undefined;
  for (let at: number | undefined = span.start; at !== undefined; ) {
    const link = links.get(at);
    if (link === undefined) break;
    persons.push(...link.own.persons);
    group = link.own.group ?? group;
    at = link.next;
  }
  return { persons, ...(group ? { group } : {}) };
}

/** Where a segment may split: spaces and joining words outside brackets. */
function splitPointsOf(half: string, span: Span): number[] {
  const points: number[] = [];
  let depth = 0;
  for (let i = span.start; i < span.end; i++) {
    const c = half.charAt(i);
    if (OPENING.includes(c)) depth++;
    else if (CLOSING.includes(c)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && i > span.start && (/\s/.test(c) || CONNECTORS.has(c))) points.push(i);
  }
  return points;
}

function hasMention(reading: SegmentReading): boolean {
  return reading.persons.length > 0 || reading.group !== undefined;
}

function readSegment(original: string, half: string, span: Span, field: string): SegmentReading {
  let { start, end } = trimSpan(half, span);
  if (start >= end) return { persons: [] };
  const notes: string[] = [];
  // A label before a colon (当事人：张伟) is a role word, not part of the name.
  const colon = lastIndexAtDepthZero(half, start, end, ':');
  if (colon !== -1) {
    const label = half.slice(start, colon).trim();
    if (label !== '') notes.push(label);
    ({ start, end } = trimSpan(half, { start: colon + 1, end }));
  }
  const { outside, bracketed } = separateBrackets(half, start, end);
  const facts = readBracketNotes(bracketed, notes);
  let nameText = outside.map((s) => original.slice(s.start, s.end)).join('');
  let group: ClearPartyMention | undefined;
  const groupMatch = GROUP.exec(toHalfWidth(nameText).trimEnd());
  if (groupMatch) {
    const before = nameText.slice(0, groupMatch.index).trim();
    const hasEtc = groupMatch[1] !== undefined || groupMatch[4] !== undefined;
    if (hasEtc || readName(stripRoleWords(before, []).text) === undefined) {
      group = groupMention(groupMatch, field, before === '' || hasEtc ? undefined : before);
    }
    nameText = before;
  }
  const inlineId = ID_RUN.exec(toHalfWidth(nameText));
  if (inlineId && facts.residentId === undefined) {
    const residentId = normaliseResidentId(inlineId[0]);
    if (residentId) facts.residentId = residentId;
    nameText = `${nameText.slice(0, inlineId.index)}${nameText.slice(inlineId.index + inlineId[0].length)}`;
    nameText = nameText.replace(/(?:公民)?身份证(?:号码|号)?[:：]?\s*$/, '');
  }
  const inlinePhone = PHONE_RUN.exec(toHalfWidth(nameText));
  if (inlinePhone) {
    facts.phones.push(...splitPhones(inlinePhone[0]));
    nameText = `${nameText.slice(0, inlinePhone.index)}${nameText.slice(inlinePhone.index + inlinePhone[0].length)}`;
    nameText = nameText.replace(/(?:联系)?(?:电话|手机|手机号)[:：]?\s*$/, '');
  }
  const stripped = stripRoleWords(nameText.trim(), notes);
  const person = personMention(stripped.text, stripped.notes, facts, field);
  return { persons: person ? [person] : [], ...(group ? { group } : {}) };
}

interface BracketFacts {
  residentId?: ClearResidentId;
  phones: ClearPhone[];
  sex?: 'male' | 'female';
}

/** Bracket contents: an ID number, a phone, 男/女, and anything else as a role note. */
function readBracketNotes(bracketed: string[], notes: string[]): BracketFacts {
  const facts: BracketFacts = { phones: [] };
  for (const inner of bracketed) {
    for (const piece of inner.split(/[、,;，；\s]+/).filter((p) => p !== '')) {
      const withoutIdLabel = piece.replace(ID_LABEL, '');
      const withoutPhoneLabel = piece.replace(PHONE_LABEL, '');
      if (/^[0-9*xX×]{15,18}$/.test(withoutIdLabel) && /\d{6}/.test(withoutIdLabel)) {
        facts.residentId ??= normaliseResidentId(withoutIdLabel);
      } else if (/^[0-9*+-]{7,16}$/.test(withoutPhoneLabel) && /\d{4}/.test(withoutPhoneLabel)) {
        facts.phones.push(...splitPhones(withoutPhoneLabel));
      } else if (piece === '男' || piece === '女') {
        facts.sex = piece === '男' ? 'male' : 'female';
      } else {
        notes.push(piece);
      }
    }
  }
  return facts;
}

function stripRoleWords(text: string, notes: string[]): { text: string; notes: string[] } {
  let rest = text;
  const found = [...notes];
  for (let changed = true; changed; ) {
    changed = false;
    const prefix = ROLE_PREFIXES.find((p) => rest.startsWith(p) && rest.length > p.length);
    if (prefix !== undefined) {
      found.push(prefix);
      rest = rest.slice(prefix.length).replace(/^[的之]/, '');
      changed = true;
    }
    const trailing = TRAILING_WORDS.find((w) => rest.endsWith(w) && rest.length - w.length >= 2);
    if (trailing !== undefined) {
      rest = rest.slice(0, -trailing.length);
      changed = true;
    }
  }
  return { text: rest.trim(), notes: found };
}

function personMention(
  text: string,
  notes: string[],
  facts: BracketFacts,
  field: string,
): ClearPartyMention | undefined {
  const base = {
    roles: ['involved'] as ClearPartyMention['roles'],
    ...(notes.length > 0 ? { sourceRole: notes.join('，') } : {}),
  };
  const organizationName = organizationNameIn(text);
  if (organizationName !== undefined) {
    return { kind: 'organization', ...base, organizationName, extractedFrom: field };
  }
  const name = readName(text);
  if (name === undefined) return undefined;
  const phones = dedupePhones(facts.phones);
  return {
    kind: 'person',
    ...base,
    name,
    ...(facts.sex ? { sex: facts.sex } : {}),
    ...(facts.residentId ? { residentId: facts.residentId } : {}),
    ...(phones.length > 0 ? { phones } : {}),
    extractedFrom: field,
  };
}

function groupMention(match: RegExpExecArray, field: string, word: string | undefined): ClearPartyMention {
  const [, , count, , , many] = match;
  const size = count === undefined ? undefined : parseCount(count);
  return {
    kind: 'group',
    roles: ['involved'],
    ...(word !== undefined && NOISE_WORDS.has(word) ? { sourceRole: word } : {}),
    ...(size !== undefined && size >= 1 && many === undefined ? { groupSize: size } : {}),
    extractedFrom: field,
  };
}

/**
 * A personal name, or undefined when the text is no name: a full name of 2–4 characters starting with a surname, a
 * masked name with its surname (张某, 张**), a surname with an honorific (王女士, 老李) or a minority name with a
 * middle dot. Noise words (双方, 邻居) and anything with digits or other marks are not names.
 */
function readName(text: string): PersonName | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact === '' || NOISE_WORDS.has(compact) || /[0-9:()]/.test(toHalfWidth(compact))) return undefined;
  const name = normalisePersonName(compact);
  if (name?.normalised === undefined || name.form === 'empty' || NOISE_WORDS.has(name.normalised)) {
    return undefined;
  }
  const normalised = name.normalised;
  if (normalised.includes('·')) {
    return /^\p{Script=Han}+(?:·\p{Script=Han}+)+$/u.test(normalised) && normalised.length <= 20
      ? name
      : undefined;
  }
  if (!/^[\p{Script=Han}*×]+$/u.test(normalised)) return undefined;
  if (!startsWithSurname(normalised)) return undefined;
  if (name.form === 'full') return normalised.length >= 2 && normalised.length <= 4 ? name : undefined;
  if (name.form === 'masked') return name.surname !== undefined && normalised.length <= 5 ? name : undefined;
  return name.surname !== undefined ? name : undefined;
}

function startsWithSurname(normalised: string): boolean {
  const body = /^[老小](.+)$/.exec(normalised)?.[1];
  const candidates = body === undefined ? [normalised] : [normalised, body];
  return candidates.some((c) => COMPOUND_SURNAMES.has(c.slice(0, 2)) || SURNAMES.has(c.charAt(0)));
}

/** The text as an organisation name when it reads as one (某物业公司, 枫桥镇人民政府), else undefined. */
export function organizationNameIn(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '');
  return compact.length >= 4 && ORGANIZATION_SUFFIX.test(compact) ? compact : undefined;
}

/** The same full name written twice (张伟、张伟(ID)) is one person. */
function mergeSameNames(persons: ClearPartyMention[]): ClearPartyMention[] {
  return mergeMentionsByName([], persons);
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

function splitAtDepthZero(text: string, span: Span, separators: ReadonlySet<string>): Span[] {
  const spans: Span[] = [];
  let depth = 0;
  let start = span.start;
  for (let i = span.start; i < span.end; i++) {
    const c = text.charAt(i);
    if (OPENING.includes(c)) depth++;
    else if (CLOSING.includes(c)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && separators.has(c)) {
      spans.push({ start, end: i });
      start = i + 1;
    }
  }
  spans.push({ start, end: span.end });
  return spans;
}

function lastIndexAtDepthZero(text: string, start: number, end: number, char: string): number {
  let depth = 0;
  let last = -1;
  for (let i = start; i < end; i++) {
    const c = text.charAt(i);
    if (OPENING.includes(c)) depth++;
    else if (CLOSING.includes(c)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && c === char) last = i;
  }
  return last;
}

/** The parts of a span outside brackets, and the contents of each bracket (an unclosed bracket runs to the end). */
function separateBrackets(
  text: string,
  start: number,
  end: number,
): { outside: Span[]; bracketed: string[] } {
  const outside: Span[] = [];
  const bracketed: string[] = [];
  let depth = 0;
  let from = start;
  for (let i = start; i < end; i++) {
    const c = text.charAt(i);
    if (OPENING.includes(c)) {
      if (depth === 0) {
        outside.push({ start: from, end: i });
        from = i + 1;
      }
      depth++;
    } else if (CLOSING.includes(c) && depth > 0) {
      depth--;
      if (depth === 0) {
        bracketed.push(text.slice(from, i));
        from = i + 1;
      }
    }
  }
  if (depth === 0) outside.push({ start: from, end });
  else bracketed.push(text.slice(from, end));
  return { outside, bracketed };
}

function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text.charAt(start))) start++;
  while (end > start && /\s/.test(text.charAt(end - 1))) end--;
  return { start, end };
}
