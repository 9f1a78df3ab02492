// Normalises personal names as sources write them: full, surname + honorific, masked, traditional, minority middle-dot.
// @see GB/T 28039-2011 中国人名汉语拼音字母拼写规则 (surname first; compound surnames are one unit)
import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';
import type { PersonName } from '../../../schemas/generated/types.js';
import { isNoValuePlaceholder, toHalfWidth, trimSpace } from './text.js';

const fromTaiwanForms = OpenCC.Converter({ from: 'tw', to: 'cn' });
const fromHongKongForms = OpenCC.Converter({ from: 'hk', to: 'cn' });

/** Every middle-dot form seen in minority names (· • . ． ・ ‧ ･ ∙ ⋅ and the Greek ano teleia). */
const MIDDLE_DOTS = /[\u00B7\u2022.\u30FB\u2027\uFF65\u2219\u22C5\u0387\u16EB\u2E31]+/g;
const HAN = /\p{Script=Han}/u;
/** Marks that hide characters of a Chinese name: 张某某, 张*, 张XX. */
const MASK_MARKS = /[*×]|某|[xX]{1,3}$/;
/** In a name without Chinese characters only `*` and `×` mask (an x may be a letter of the name). */
const LATIN_MASK_MARKS = /[*×]/;
/** Masking marks alone: nobody named. */
const ONLY_MASK_MARKS = /^(?:[*×xX]|某)+$/;

/** What a record writes instead of a name when the reporter stays anonymous. */
const ANONYMOUS = new Set([
  '匿名',
  '匿名者',
  '匿名用户',
  '匿名人',
  '无名',
  '无名氏',
  '佚名',
  '不愿透露',
  '不愿透露姓名',
  '不留名',
  '未留名',
  '未留姓名',
  '某某',
  '群众',
  '市民',
  '来电人',
  '来电者',
  '来电市民',
  '报警人',
  '网友',
  '路人',
]);

/** Two-character surnames, kept as one unit (欧阳娜娜: surname 欧阳). */
const COMPOUND_SURNAMES = new Set(
  (
    '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 令狐 夏侯 轩辕 端木 司徒 司空 宇文 独孤 南宫 西门 澹台 ' +
    '公冶 宗政 濮阳 淳于 单于 太叔 申屠 仲孙 钟离 闾丘 东郭 百里 呼延 万俟 赫连 拓跋 闻人 羊舌 微生 梁丘 左丘 ' +
    '东门 公羊 谷梁 段干 亓官 司寇 子车 颛孙 巫马 公西 漆雕 乐正 壤驷 公良 第五 鲜于 南门 归海 夹谷 宰父'
  ).split(' '),
);

/**
 * Common single-character surnames: a `老`/`小` prefix is read as an honorific only before one of these. Surnames that
 * are also common nickname characters (明 华 龙 文 …) are left out so 小明 stays a full name.
 */
const COMMON_SURNAMES = new Set([
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任',
  ...'沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方邹孟熊秦邱江尹薛闫段雷侯史陶黎贺顾毛郝龚邵万钱严覃武戴莫',
  ...'孔向汤施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关焦俞左柳甘祝包尚符舒阮柯纪童',
  ...'凌毕单季裴霍涂苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍喻祁蒲房滕屈饶解牟艾尤穆农司卓古吉缪简车项连',
  ...'芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖',
  ...'巩佘池查麻苑迟邝楼斯寿宣屠裘',
]);

/** Honorifics written after a surname, longest first so 老板娘 wins over 老板. */
const HONORIFICS_AFTER = [
  ...'老太太 老板娘'.split(' '),
  ...(
    '先生 女士 小姐 太太 夫人 大爷 大妈 大娘 大伯 大叔 大婶 大姐 大哥 大嫂 阿姨 老师 师傅 师父 老板 同志 奶奶 爷爷 ' +
    '姥姥 姥爷 婆婆 阿婆 阿公 伯伯 叔叔 婶婶 婶子 嫂子 老伯 阿伯 老太 老汉 老头 姑娘 医生 律师 警官 书记 主任 ' +
    '村长 队长 经理 总'
  ).split(' '),
  ...'伯 叔 婶 姨 哥 姐 嫂 爷 工'.split(' '),
].sort((a, b) => b.length - a.length);
/** Honorifics of two or more characters may also follow a full name (张伟先生); one-character ones only a surname. */
const HONORIFIC_WORDS = new Set(HONORIFICS_AFTER);
const HONORIFICS_BEFORE = ['老', '小'];

interface Reading {
  normalised: string;
  form: PersonName['form'];
  surname?: string;
  honorific?: string;
}

/**
 * A personal name as the hub keeps it: `asGiven` trimmed, `normalised` simplified, half-width, without spaces and with
 * one middle dot (`·`). A full name followed by an honorific (张伟先生) is normalised without it. Undefined when the
 * value is empty, not a string, or says the reporter is anonymous (匿名, 无, 不详, `***`).
 */
export function normalisePersonName(value: unknown): PersonName | undefined {
  if (typeof value !== 'string') return undefined;
  const asGiven = trimSpace(value);
  const reading = readName(normaliseNameText(asGiven));
  if (reading === undefined) return undefined;
  const name: PersonName = { asGiven, normalised: reading.normalised, form: reading.form };
  if (reading.surname !== undefined) name.surname = reading.surname;
  if (reading.honorific !== undefined) name.honorific = reading.honorific;
  return name;
}

/** The surname of a name, with compound surnames whole; undefined for middle-dot names and names masked from the start. */
export function surnameOf(name: string): string | undefined {
  return readName(normaliseNameText(name))?.surname;
}

/**
 * Display form hiding the given name: surname + one `某` per hidden character (张伟 → 张某, 张三丰 → 张某某,
 * 欧阳娜娜 → 欧阳某某, 阿依古丽·买买提 → 阿某某某·某某某). Names already masked or only a surname are returned as they are.
 */
export function maskName(normalised: string): string {
  const reading = readName(normaliseNameText(normalised));
  if (reading === undefined) return '';
  if (reading.form !== 'full') return reading.normalised;
  const chars = [...reading.normalised];
  const kept = reading.surname === undefined ? 1 : [...reading.surname].length;
  if (chars.length <= kept) return '某';
  const hide = (c: string): string => (c === '·' ? c : HAN.test(c) ? '某' : '*');
  return `${chars.slice(0, kept).join('')}${chars.slice(kept).map(hide).join('')}`;
}

/** Toneless pinyin without spaces (张伟 → zhangwei); homophones share it (张伟, 张维, 章伟), so it is a blocking key. */
export function namePinyinKey(normalised: string): string {
  const text = normaliseNameText(normalised);
  if (text === '') return '';
  const syllables = pinyin(text, {
    toneType: 'none',
    type: 'array',
    v: true,
    mode: 'surname',
    surname: 'head',
  });
  return syllables
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Half-width, simplified, one middle-dot form, no spaces between Chinese characters. */
function normaliseNameText(text: string): string {
  const simplified = fromHongKongForms(fromTaiwanForms(toHalfWidth(trimSpace(text))));
  const dotted = simplified
    .replace(MIDDLE_DOTS, '·')
    .replace(/\s*(·\s*)+/g, '·')
    .replace(/^·+|·+$/g, '');
  return HAN.test(dotted) ? dotted.replace(/\s+/g, '') : dotted.replace(/\s+/g, ' ');
}

function readName(normalised: string): Reading | undefined {
  if (normalised === '' || isAnonymous(normalised)) return undefined;
  if (!HAN.test(normalised) || normalised.includes('·')) {
    // Names without Chinese characters and minority names carry no surname to read; they may still be masked.
    const masked = HAN.test(normalised) ? /[*×某]/.test(normalised) : LATIN_MASK_MARKS.test(normalised);
    return { normalised, form: masked ? 'masked' : 'full' };
  }

  const prefixed = readHonorificBefore(normalised);
  if (prefixed !== undefined) return prefixed;

  const honorific = HONORIFICS_AFTER.find((h) => normalised.length > h.length && normalised.endsWith(h));
  const rest = honorific === undefined ? normalised : normalised.slice(0, -honorific.length);
  const withHonorific = (reading: Reading): Reading =>
    honorific === undefined ? reading : { ...reading, honorific };

  if (MASK_MARKS.test(rest)) {
    return withHonorific({ normalised, form: 'masked', ...surnameField(surnameBeforeMask(rest)) });
  }
  if (honorific !== undefined && isSurname(rest)) {
    return withHonorific({ normalised, form: 'surname-only', surname: rest });
  }
  if (honorific !== undefined && honorific.length >= 2 && rest.length >= 2 && rest.length <= 4) {
    return withHonorific({ normalised: rest, form: 'full', ...surnameField(leadingSurname(rest)) });
  }
  return { normalised, form: 'full', ...surnameField(leadingSurname(normalised)) };
}

/** `老张`, `小李`, `老欧阳`. */
function readHonorificBefore(normalised: string): Reading | undefined {
  const prefix = HONORIFICS_BEFORE.find((h) => normalised.startsWith(h));
  if (prefix === undefined) return undefined;
  const rest = normalised.slice(prefix.length);
  if (!(COMMON_SURNAMES.has(rest) || COMPOUND_SURNAMES.has(rest))) return undefined;
  return { normalised, form: 'surname-only', surname: rest, honorific: prefix };
}

function isAnonymous(normalised: string): boolean {
  return (
    ANONYMOUS.has(normalised) ||
    isNoValuePlaceholder(normalised) ||
    HONORIFIC_WORDS.has(normalised) ||
    ONLY_MASK_MARKS.test(normalised)
  );
}

function isSurname(text: string): boolean {
  return COMPOUND_SURNAMES.has(text) || (text.length === 1 && HAN.test(text));
}

function leadingSurname(name: string): string | undefined {
  const firstTwo = name.slice(0, 2);
  if (name.length > 2 && COMPOUND_SURNAMES.has(firstTwo)) return firstTwo;
  const first = name.charAt(0);
  return HAN.test(first) ? first : undefined;
}

/** The surname in front of the mask marks (张某某 → 张, 欧阳** → 欧阳, *伟 → none). */
function surnameBeforeMask(masked: string): string | undefined {
  const markAt = masked.search(MASK_MARKS);
  const head = masked.slice(0, markAt);
  if (head === '') return undefined;
  return COMPOUND_SURNAMES.has(head.slice(0, 2)) ? head.slice(0, 2) : leadingSurname(head);
}

function surnameField(surname: string | undefined): { surname?: string } {
  return surname === undefined ? {} : { surname };
}
