/**
 * Person-resolution quality on generated Chinese party mentions with known truth: a county population with common
 * names (many 张伟 and 王芳, each with their own ID number), households sharing a landline (a father and son of one
 * surname among them), shops whose phone many customers give, and mentions written the way the channels write them —
 * 张先生 with a phone (12345, 110), homophone typos (张维 for 张伟), traditional characters (張偉), court documents'
 * 张某某 with a masked ID number, masked phones. Every mention goes through the hub's own normalisers and is
 * protected (blind indexes) before resolution. Deterministic from a seed. `npx tsx bench/quality/synthetic.ts`.
 */

import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
import type { ClearPhone, ClearResidentId } from '../../adapters/engine/adapter.js';
import { createBlindIndexer } from '../../functions/privacy/blind-index.js';
import { normalisePersonName } from '../../functions/resolution/normalise/name.js';
import { normalisePhone } from '../../functions/resolution/normalise/phone.js';
import { normaliseResidentId, residentIdChecksum } from '../../functions/resolution/normalise/resident-id.js';
import type { MentionForMatching } from '../../functions/resolution/person-matcher.js';
import type { Location } from '../../schemas/generated/types.js';
import {
  formatQuality,
  type LabelledMention,
  type QualityResult,
  type ResolutionOptions,
  resolveAndEvaluate,
} from './febrl.js';

/** Simplified → traditional (Taiwan forms), as an operator typing 繁體 writes a name. */
export const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
const indexer = createBlindIndexer('synthetic-benchmark-key-not-a-secret-0123456789');

/** Surnames with their rough share in Zhejiang (the long tail lumped into rarer ones). */
const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['王', 7],
  ['李', 6],
  ['张', 6],
  ['陈', 6],
  ['刘', 4],
  ['杨', 3],
  ['黄', 3],
  ['吴', 3],
  ['周', 3],
  ['徐', 3],
  ['赵', 2],
  ['孙', 2],
  ['朱', 2],
  ['胡', 2],
  ['郭', 1],
  ['何', 1],
  ['高', 1],
  ['林', 1],
  ['罗', 1],
  ['郑', 1],
  ['梁', 1],
  ['宣', 0.3],
  ['楼', 0.3],
  ['斯', 0.2],
  ['寿', 0.2],
  ['欧阳', 0.2],
];

/** One-character given names, with sex and weight: the frequent ones (伟, 芳) make 张伟 and 王芳 common. */
const SINGLE_GIVEN: ReadonlyArray<readonly [string, 'male' | 'female', number]> = [
  ['伟', 'male', 6],
  ['强', 'male', 4],
  ['磊', 'male', 4],
  ['军', 'male', 4],
  ['勇', 'male', 3],
  ['杰', 'male', 3],
  ['涛', 'male', 3],
  ['明', 'male', 3],
  ['超', 'male', 2],
  ['刚', 'male', 2],
  ['芳', 'female', 6],
  ['娜', 'female', 4],
  ['静', 'female', 4],
  ['丽', 'female', 4],
  ['敏', 'female', 3],
  ['艳', 'female', 3],
  ['娟', 'female', 3],
  ['霞', 'female', 2],
];

/** Characters two-character given names are made of, by sex (建国, 志强, 秀英, 丽萍 …): a few hundred names each. */
const GIVEN_PARTS = {
  male: ['建国志明海文俊浩宇家永立新光春晓华军', '强明平军华峰斌勇杰龙涛辉林波刚超东成飞鹏'],
  female: ['秀丽晓玉美雅静婷欣佳梦雪春海桂凤小淑慧红', '英兰芳娟华梅萍玲霞燕丹琴娜婷颖洁倩雯莉静'],
} as const;

/** Characters an operator typing by ear may write instead (same toneless pinyin). */
export const HOMOPHONES: Readonly<Record<string, string>> = {
  伟: '维',
  强: '墙',
  磊: '蕾',
  军: '君',
  勇: '永',
  杰: '洁',
  涛: '韬',
  明: '铭',
  超: '潮',
  刚: '钢',
  芳: '方',
  静: '晶',
  丽: '莉',
  敏: '闵',
  艳: '燕',
  娟: '鹃',
  霞: '侠',
  英: '瑛',
  兰: '岚',
  萍: '平',
  华: '桦',
  峰: '锋',
  娜: '纳',
  平: '萍',
  斌: '彬',
  辉: '晖',
  林: '琳',
  东: '冬',
  成: '诚',
  飞: '菲',
  鹏: '朋',
  梅: '美',
  玲: '灵',
  琴: '勤',
  洁: '杰',
  倩: '茜',
  雯: '文',
  莉: '丽',
  燕: '艳',
  颖: '莹',
  龙: '隆',
};

const VILLAGES = [
  '枫源',
  '新桥',
  '东山',
  '栎江',
  '溪口',
  '联湖',
  '杜黄',
  '骆家',
  '大竹园',
  '泉畈',
  '钟瑛',
  '天竺',
];

export interface TruePerson {
  index: number;
  surname: string;
  given: string;
  sex: 'male' | 'female';
  birth: string;
  residentId: string;
  mobile: string;
  /** Shared by the two people of a household. */
  landline?: string;
  /**
   * Home: an index into this module's village names, the group (组) and house number (the county generator places
   * people in the real divisions of 诸暨市 instead).
   */
  village: number;
  group: number;
  house: number;
}

export interface SyntheticOptions extends ResolutionOptions {
  seed?: number;
  persons?: number;
  /** Shops whose phone customers give instead of their own. */
  shops?: number;
}

/**
 * A county population, deterministic from `random`: surnames and given names at their rough frequencies (so 张伟 and
 * 王芳 recur, each with their own ID number), unique mobiles and valid resident ID numbers, and households every tenth
 * pair (a couple of different surnames, or every other time a parent and child of one surname) sharing a landline and
 * a home. `newMobile` gives further numbers no one holds yet (shops, grid workers).
 */
export function generatePopulation(
  random: () => number,
  count: number,
): { people: TruePerson[]; newMobile: () => string } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const weighted = <T extends readonly [string, ...unknown[]]>(items: readonly T[], weightAt: number): T => {
    const total = items.reduce((s, i) => s + (i[weightAt] as number), 0);
    let r = random() * total;
    for (const item of items) {
      r -= item[weightAt] as number;
      if (r <= 0) return item;
    }
    return items.at(-1)!;
  };
  const chance = (p: number) => random() < p;
  const givenName = (sex: 'male' | 'female' = chance(0.5) ? 'male' : 'female') => {
    if (chance(0.3)) {
      const singles = SINGLE_GIVEN.filter(([, s]) => s === sex);
      return { given: weighted(singles, 2)[0], sex };
    }
    const [first, second] = GIVEN_PARTS[sex];
    return { given: `${pick([...first])}${pick([...second])}`, sex };
  };
  const usedMobiles = new Set<string>();
  const newMobile = () => {
    for (;;) {
      const m = `1${pick(['38', '39', '58', '59', '37', '88', '35'])}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
      if (!usedMobiles.has(m)) {
        usedMobiles.add(m);
        return m;
      }
    }
  };
  const usedIds = new Set<string>();

  // 1. The population; a fifth live in a household with another person (a landline they share).
  const people: TruePerson[] = [];
  for (let i = 0; i < count; i++) {
    const [surname] = weighted(SURNAMES, 1);
    const { given, sex } = givenName();
    const year = 1940 + Math.floor(random() * 66);
    const day = new Date(Date.UTC(year, 0, 1 + Math.floor(random() * 365)));
    const birth = day.toISOString().slice(0, 10).replace(/-/g, '');
    let residentId: string;
    do {
      const seq = Math.floor(random() * 500) * 2 + (sex === 'male' ? 1 : 0);
      const first17 = `330681${birth}${String(seq).padStart(3, '0')}`;
      residentId = `${first17}${residentIdChecksum(first17)}`;
    } while (usedIds.has(residentId));
    usedIds.add(residentId);
    people.push({
      index: i,
      surname,
      given,
      sex,
      birth,
      residentId,
      mobile: newMobile(),
      village: Math.floor(random() * VILLAGES.length),
      group: 1 + Math.floor(random() * 9),
      house: 1 + Math.floor(random() * 60),
    });
  }
  for (let i = 0; i + 1 < people.length; i += 10) {
    // Households: a couple (different surnames) and, every other time, a parent and child of one surname.
    const a = people[i]!;
    const b = people[i + 1]!;
    if (i % 20 === 0) b.surname = a.surname;
    // No two people of one household share a full name.
    while (b.surname === a.surname && b.given === a.given) b.given = givenName(b.sex).given;
    a.landline = `0575-8${String(Math.floor(random() * 1e7)).padStart(7, '0')}`;
    b.landline = a.landline;
    b.village = a.village;
    b.group = a.group;
    b.house = a.house;
  }
  return { people, newMobile };
}

/** Mentions of a generated population, in a shuffled arrival order, each labelled with its true person. */
export function generatePersonMentions(options: SyntheticOptions = {}): LabelledMention[] {
  const random = seeded(options.seed ?? 20240305);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const weighted = <T extends readonly [string, ...unknown[]]>(items: readonly T[], weightAt: number): T => {
    const total = items.reduce((s, i) => s + (i[weightAt] as number), 0);
    let r = random() * total;
    for (const item of items) {
      r -= item[weightAt] as number;
      if (r <= 0) return item;
    }
    return items.at(-1)!;
  };
  const chance = (p: number) => random() < p;
  const { people, newMobile } = generatePopulation(random, options.persons ?? 2000);
  const shops = Array.from({ length: options.shops ?? 8 }, () => newMobile());

  // 2. Mentions, channel by channel, in the forms the contracts list.
  const mentions: LabelledMention[] = [];
  let serial = 0;
  for (const person of people) {
    const k = 1 + Math.min(5, Math.floor(-Math.log(1 - random()) * 1.4));
    for (let j = 0; j < k; j++) {
      const channel = weighted(
        [
          ['hotline', 4],
          ['police', 2],
          ['grid', 2],
          ['petition', 1],
          ['court', 1],
        ] as const,
        1,
      )[0];
      mentions.push({
        id: `m${serial++}`,
        truth: `p${person.index}`,
        mention: mentionOf(person, channel, { random, chance, pick, shops }),
      });
    }
  }
  // Arrival order: shuffled.
  for (let i = mentions.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [mentions[i], mentions[j]] = [mentions[j]!, mentions[i]!];
  }
  return mentions;
}

interface Draw {
  random: () => number;
  chance: (p: number) => boolean;
  pick: <T>(items: readonly T[]) => T;
  shops: readonly string[];
}

function mentionOf(
  person: TruePerson,
  channel: 'hotline' | 'police' | 'grid' | 'petition' | 'court',
  { chance, pick, shops }: Draw,
): MentionForMatching {
  const full = `${person.surname}${person.given}`;
  const honorific = person.sex === 'male' ? pick(['先生', '先生', '大爷']) : pick(['女士', '女士', '阿姨']);
  const typed = () => {
    if (chance(0.06)) {
      const chars = [...person.given];
      const last = chars.length - 1;
      return `${person.surname}${chars.map((c, i) => (i === last ? (HOMOPHONES[c] ?? c) : c)).join('')}`;
    }
    if (chance(0.04)) return toTraditional(full);
    return full;
  };
  let name: string | undefined;
  let id: string | undefined;
  const phones: string[] = [];
  let stateSex = false;
  let address = false;
  const ownPhone = () => (chance(0.1) && person.landline ? person.landline : person.mobile);
  switch (channel) {
    case 'hotline':
      name = chance(0.55) ? `${person.surname}${honorific}` : chance(0.8) ? typed() : undefined;
      phones.push(chance(0.05) ? pick(shops) : ownPhone());
      id = chance(0.2) ? person.residentId : undefined;
      stateSex = chance(0.8);
      address = chance(0.5);
      break;
    case 'police':
      name = chance(0.5) ? `${person.surname}${honorific}` : typed();
      phones.push(ownPhone());
      id = chance(0.25) ? person.residentId : undefined;
      stateSex = chance(0.7);
      address = chance(0.3);
      break;
    case 'grid':
      name = typed();
      if (chance(0.5)) phones.push(ownPhone());
      id = chance(0.3) ? person.residentId : undefined;
      address = chance(0.9);
      break;
    case 'petition':
      name = typed();
      if (chance(0.85))
        phones.push(chance(0.1) ? `${person.mobile.slice(0, 3)}****${person.mobile.slice(7)}` : ownPhone());
      id = chance(0.9) ? person.residentId : undefined;
      stateSex = true;
      address = chance(0.8);
      break;
    case 'court': {
      const published = chance(0.4);
      name = published ? `${person.surname}某某` : typed();
      id = published
        ? `${person.residentId.slice(0, 6)}********${person.residentId.slice(14)}`
        : chance(0.9)
          ? person.residentId
          : undefined;
      if (!published && chance(0.5)) phones.push(person.mobile);
      address = chance(0.8);
      break;
    }
  }
  const location: Location = {
    divisionCode: `330681109${String(person.village).padStart(3, '0')}`,
    addressText: `${VILLAGES[person.village]}村${person.group}组${person.house}号`,
  };
  const personName = name ? normalisePersonName(name) : undefined;
  const residentId = id ? protectResidentId(normaliseResidentId(id)!) : undefined;
  return {
    kind: 'person',
    roles: ['reporter'],
    ...(personName ? { name: personName } : {}),
    ...(residentId ? { residentId } : {}),
    ...(phones.length ? { phones: phones.map((p) => protectPhone(normalisePhone(p)!)) } : {}),
    ...(stateSex ? { sex: person.sex } : {}),
    ...(address ? { addresses: [location] } : {}),
  };
}

/** As functions/privacy/protect-report.ts does: the full number becomes its keyed blind index. */
function protectResidentId(id: ClearResidentId) {
  const { value, ...rest } = id;
  return value && id.status !== 'masked'
    ? { ...rest, blindIndex: indexer.indexOf('resident-id', value) }
    : rest;
}

function protectPhone(phone: ClearPhone) {
  const { value, ...rest } = phone;
  return value && phone.status !== 'masked' ? { ...rest, blindIndex: indexer.indexOf('phone', value) } : rest;
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Generates mentions and resolves them one by one, as the hub would, then measures the clusters. */
export function evaluateSynthetic(options: SyntheticOptions = {}): QualityResult {
  return resolveAndEvaluate(generatePersonMentions(options), options);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const seed of [20240305, 7, 42]) {
    console.log(
      formatQuality(`Synthetic Chinese mentions, 2000 people, seed ${seed}`, evaluateSynthetic({ seed })),
    );
    const reviewed = evaluateSynthetic({ seed, steward: 'oracle' });
    console.log(
      formatQuality(`  … after a steward confirms the true proposals in the review queue`, reviewed),
    );
  }
}
