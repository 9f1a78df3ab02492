/**
 * A labelled county: thousands of disputes among the people of 诸暨市 (330681), each reported through one to five
 * channels over days and weeks (grid → 12345 → 110 → petition / court), every record a raw export of its source as the
 * contracts in /work/shared/sources describe it, with the truth beside it: for each (sourceId, sourceRecordId) the true
 * dispute and, for each party mention the record gives, the true person.
 *
 * Pure and deterministic from the seed. The people are the synthetic benchmark's population (bench/quality/synthetic.ts:
 * frequent names such as 张伟 and 王芳, households sharing a landline), placed in the real villages and communities of the
 * hub's division catalogue. Hard cases come at controlled rates (`HardCaseRates`) and are tagged on the truth, so a
 * benchmark can say which of them fail:
 *
 * | tag                | what                                                                                     |
 * | ------------------ | ---------------------------------------------------------------------------------------- |
 * | `homophone`        | a character of the given name replaced by one of the same pinyin (张维 for 张伟)            |
 * | `traditional`      | the name in traditional characters (張偉)                                                 |
 * | `typo`             | one character of the given name mistyped (not a homophone)                               |
 * | `surname-only`     | 张先生, 王女士, 李大爷: the caller gives only a surname                                     |
 * | `masked-name`      | 张某, 张某某 (published court documents, 12345 narratives)                                  |
 * | `masked-id`        | 330681********0012: only the visible digits of the ID number                             |
 * | `id-typo`          | an ID number with a mistyped digit (bad checksum; kept, flagged)                          |
 * | `legacy-id`        | the legacy 15-digit form of the ID number                                                |
 * | `masked-phone`     | 138****5678 as the mention's only phone                                                   |
 * | `shop-phone`       | the phone of a shop several people give                                                   |
 * | `worker-phone`     | a grid worker's own phone, given when the worker calls 12345 for an elderly resident      |
 * | `household-phone`  | the landline a couple or a parent and child share                                        |
 * | `namesake`         | another person with the same full name lives in the same town                            |
 * | `free-text`        | the party appears only in free text (110 `DSR`, grid `mainCharacters`, 12345 narrative)   |
 * | `no-name`          | a caller who gives a phone but no name                                                    |
 * | `relative-caller`  | the caller is a party's spouse or parent/child, not a party                               |
 * | `repeat-pair`      | (dispute) the same two neighbours quarrel again months later about another matter         |
 * | `same-building`    | (dispute) two different disputes in the same building in the same week                   |
 * | `frequent-caller`  | (dispute) one of several unrelated complaints of a frequent caller                        |
 * | `linked`           | (record) carries an explicit cross-source reference (work_id, fromSerialNumber, …)        |
 *
 * Explicit references (`work_id`, `fromSerialNumber`, `GLJJDBH`, `linked110`, `wpdjh`) appear on only some records and
 * always name an earlier record of the same dispute.
 */
import divisionData from '../../adapters/engine/data/divisions.json' with { type: 'json' };
import { creditCodeChecksum } from '../../functions/resolution/normalise/credit-code.js';
import { normalisePersonName } from '../../functions/resolution/normalise/name.js';
import { Rng } from '../generators/hotline-12345.js';
import { generatePopulation, HOMOPHONES, type TruePerson, toTraditional } from './synthetic.js';

export type SourceId = 'grid' | 'hotline-12345' | 'police-110' | 'petition' | 'court';
export const SOURCE_IDS: readonly SourceId[] = ['grid', 'hotline-12345', 'police-110', 'petition', 'court'];

export interface CountyOptions {
  /** Underlying disputes (each gives 1–5 records). */
  disputes: number;
  seed: number;
  /** First day disputes start on (Beijing time). @default 2024-01-01 */
  from?: string;
  /** Days over which disputes start. @default 366 */
  days?: number;
  rates?: Partial<HardCaseRates>;
}

/** How often each hard case occurs. */
export interface HardCaseRates {
  /** Of full names written by an operator or an officer: a homophone of a given-name character. */
  homophone: number;
  /** Of full names: traditional characters. */
  traditional: number;
  /** Of full names: one character mistyped. */
  typo: number;
  /** Of people: a shop phone they give (most of the time) instead of their own. */
  shopPhone: number;
  /** Of 12345 calls about an elderly party: made by the village's grid worker with the worker's phone. */
  workerCallsForElderly: number;
  /** Of people: renamed to the name of another person of the same sex in the same town. */
  namesakes: number;
  /** Of disputes: a later quarrel of the same two neighbours about another matter. */
  repeatPairs: number;
  /** Of disputes: one of a pair of disputes in the same building in the same week. */
  sameBuilding: number;
  /** Frequent callers per 1000 disputes, each with 4–7 unrelated complaints. */
  frequentCallersPerThousand: number;
  /** Of explicit references that could be given: how many are. */
  references: number;
}

export const DEFAULT_RATES: HardCaseRates = {
  homophone: 0.05,
  traditional: 0.03,
  typo: 0.015,
  shopPhone: 0.04,
  workerCallsForElderly: 0.35,
  namesakes: 0.02,
  repeatPairs: 0.04,
  sameBuilding: 0.04,
  frequentCallersPerThousand: 4,
  references: 0.45,
};

export interface TruthParty {
  /** The name as the record gives it (trimmed), '' for a mention without a name. */
  name: string;
  kind: 'person' | 'organization' | 'group';
  /** The true person; none for organisations and groups. */
  personId?: string;
  tags: string[];
}

export interface RecordTruth {
  sourceId: SourceId;
  sourceRecordId: string;
  disputeId: string;
  /** The party mentions the built-in adapter reads from the record, in no particular order. */
  parties: TruthParty[];
  /** Dispute- and record-level hard cases. */
  tags: string[];
  /** One line for failure listings: date, matter, place, parties. */
  summary: string;
}

export interface CountyRecord {
  sourceId: SourceId;
  sourceRecordId: string;
  /** When the hub would receive it (ISO 8601, +08:00): records are listed in this order. */
  receivedAt: string;
  /** Exactly what the source system exports (police-110: its JSON export shape, every cell a string). */
  raw: Record<string, unknown>;
}

export interface County {
  records: CountyRecord[];
  /** By `truthKey(sourceId, sourceRecordId)`. */
  truth: Map<string, RecordTruth>;
  stats: {
    disputes: number;
    records: number;
    people: number;
    mentions: number;
    bySource: Record<SourceId, number>;
    tags: Record<string, number>;
  };
}

export const truthKey = (sourceId: string, sourceRecordId: string) => `${sourceId}/${sourceRecordId}`;

/**
 * Pairs the truth's party mentions of one record with the mentions something else found in it (the adapter's report,
 * the hub's crosswalk): by kind and name as given, in order when a name repeats; then by normalised name (trimmed,
 * half-width, simplified), for a reader that gives the name in another form. Returns, per truth party, the index of its
 * found mention, or undefined.
 */
export function matchTruthParties(
  truth: readonly TruthParty[],
  found: ReadonlyArray<{ kind: string; name?: string | undefined }>,
): Array<number | undefined> {
  const taken = new Set<number>();
  const result: Array<number | undefined> = truth.map(() => undefined);
  const passes: Array<(x: string) => string> = [
    (x) => x,
    (x) => normalisePersonName(x)?.normalised ?? x.trim(),
  ];
  for (const key of passes) {
    truth.forEach((party, i) => {
      if (result[i] !== undefined) return;
      const wanted = key(party.name);
      const at = found.findIndex(
        (f, j) => !taken.has(j) && f.kind === party.kind && key(f.name ?? '') === wanted,
      );
      if (at !== -1) {
        taken.add(at);
        result[i] = at;
      }
    });
  }
  return result;
}

export function generateCounty(options: CountyOptions): County {
  return new CountyBuilder(options).build();
}

// --- places ---------------------------------------------------------------------------------------------------

interface Division {
  code: string;
  name: string;
  level: string;
  parentCode?: string;
}

interface Town {
  code: string;
  name: string;
  villages: Division[];
  communities: Division[];
}

function loadTowns(): Town[] {
  const divisions = (divisionData as { divisions: Division[] }).divisions;
  return divisions
    .filter((d) => d.level === 'town' && d.parentCode === '330681')
    .map((t) => {
      const children = divisions.filter((d) => d.parentCode === t.code);
      return {
        code: t.code,
        name: t.name,
        villages: children.filter((d) => !d.name.endsWith('社区')),
        communities: children.filter((d) => d.name.endsWith('社区')),
      };
    })
    .filter((t) => t.villages.length + t.communities.length > 0);
}

interface Home {
  town: Town;
  place: Division;
  /** A 社区 (flats: building, unit, room) rather than a village (group, house). */
  community: boolean;
  group: number;
  house: number;
  building: number;
  unit: number;
  room: number;
}

// --- people, organisations, grid workers ------------------------------------------------------------------------

interface Person {
  id: string;
  surname: string;
  given: string;
  sex: 'male' | 'female';
  birthYear: number;
  residentId: string;
  mobile: string;
  landline?: string;
  shopPhone?: string;
  partner?: Person;
  home: Home;
}

interface Org {
  name: string;
  creditCode: string;
}

interface GridWorker {
  name: string;
  mobile: string;
}

const isPerson = (x: Person | Org): x is Person => 'surname' in x;
const fullNameOf = (p: Person) => `${p.surname}${p.given}`;

/** Look-alike characters an operator may type instead (not homophones). */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  伟: '玮',
  芳: '芬',
  强: '弘',
  军: '车',
  明: '朋',
  华: '毕',
  丽: '俪',
  静: '净',
  红: '江',
  英: '莫',
  建: '健',
  国: '图',
  海: '梅',
  平: '干',
  娟: '涓',
  敏: '敬',
  杰: '洁',
  勇: '甬',
  玉: '王',
  春: '椿',
};

const PROPERTY_COMPANIES = [
  '诸暨市越都物业服务有限公司',
  '诸暨市浣江物业管理有限公司',
  '浙江暨阳物业服务有限公司',
];
const EMPLOYERS = [
  '诸暨市大唐宏达袜业有限公司',
  '诸暨市店口华丰五金有限公司',
  '诸暨市山下湖珍珠饰品有限公司',
  '诸暨市枫桥建筑工程有限公司',
  '浙江诸暨永利纺织有限公司',
];
const WORKER_SURNAMES = '陈王杨何周张李赵宣楼骆黄吴徐俞蒋金';
const WORKER_GIVEN = [
  '静',
  '丽君',
  '建伟',
  '海燕',
  '卫国',
  '红英',
  '志刚',
  '美华',
  '晓峰',
  '雪芬',
  '国庆',
  '秋萍',
];

// --- matters --------------------------------------------------------------------------------------------------

type Other =
  | 'neighbour'
  | 'building'
  | 'partner'
  | 'villager'
  | 'townsman'
  | 'boss'
  | 'employer'
  | 'property'
  | 'driver';

interface Matter {
  key: string;
  label: string;
  /** Where the complainant must live: a village, a community, or anywhere. */
  home: 'village' | 'community' | 'any';
  other: Other;
  weight: number;
  grid: { type: string; subjects: string[]; texts: string[] };
  /** `{cp}` is the other side as the operator writes it (邻居李某 when a cue word applies). */
  hotline: { path: [string, string, string]; titles: string[]; texts: string[]; formType: '投诉' | '求助' };
  police: { codes: [string, string, string]; texts: string[] };
  court: { laay: string; texts: string[] };
  petition: { wtlb: string[]; texts: string[] };
}

/** Text placeholders: {A} {B} full names (grid narratives), {place}, {cp} (12345), {other} (petition), {n}, {money}. */
const MATTERS: readonly Matter[] = [
  {
    key: 'drainage',
    label: '排水沟',
    home: 'village',
    other: 'neighbour',
    weight: 10,
    grid: {
      type: '邻里纠纷',
      subjects: ['排水沟纠纷', '邻里排水纠纷'],
      texts: [
        '{A}反映邻居{B}家新修围墙堵塞了共用排水沟，雨天积水倒灌进院子，双方多次争吵。',
        '{A}与{B}两家因共用排水沟被堵发生矛盾，网格员上门了解情况。',
      ],
    },
    hotline: {
      path: ['社会治安', '邻里纠纷', '相邻关系'],
      titles: ['邻居围墙堵塞排水沟', '排水沟被堵'],
      texts: [
        '来电人反映{place}{cp}新建围墙把两家共用的排水沟堵了，下雨水进院子，要求相关部门协调处理。',
        '来电人称{cp}把门前排水沟填平，雨天积水排不出去，多次协商未果，要求村里出面。',
      ],
      formType: '投诉',
    },
    police: {
      codes: ['200200', '200200', '200201'],
      texts: ['报警人称与邻居因排水沟问题发生争吵', '报警人称邻居堵了排水沟，双方发生推搡'],
    },
    court: {
      laay: '相邻用水、排水纠纷',
      texts: ['申请人与被申请人系邻居，因被申请人修建围墙堵塞共用排水沟引发纠纷。'],
    },
    petition: {
      wtlb: ['政法', '邻里纠纷'],
      texts: ['反映邻居{other}修围墙堵住排水沟，已找过村里，问题仍未解决，要求恢复排水。'],
    },
  },
  {
    key: 'passage',
    label: '通道',
    home: 'village',
    other: 'neighbour',
    weight: 7,
    grid: {
      type: '邻里纠纷',
      subjects: ['通道占用纠纷'],
      texts: ['{A}反映{B}在两家之间的通道上堆放柴草、搭建棚子，影响通行。'],
    },
    hotline: {
      path: ['社会治安', '邻里纠纷', '相邻关系'],
      titles: ['相邻通道被占用'],
      texts: [
        '来电人反映{place}{cp}在两家之间的通道上堆放杂物、搭建棚子，影响其正常通行，多次协商未果，要求协调。',
      ],
      formType: '投诉',
    },
    police: {
      codes: ['200200', '200200', '200201'],
      texts: ['报警人称邻居占用通道搭棚，双方发生争执'],
    },
    court: {
      laay: '相邻通行纠纷',
      texts: ['申请人与被申请人系邻居，被申请人在共用通道搭建棚屋，申请人通行受阻。'],
    },
    petition: {
      wtlb: ['政法', '邻里纠纷'],
      texts: ['反映邻居{other}长期占用两家之间的通道，要求拆除棚子恢复通行。'],
    },
  },
  {
    key: 'homestead',
    label: '宅基地',
    home: 'village',
    other: 'neighbour',
    weight: 6,
    grid: {
      type: '房屋宅基地纠纷',
      subjects: ['宅基地界址纠纷', '建房越界纠纷'],
      texts: ['{A}反映{B}家翻建房屋时越过界址，占用其宅基地，双方争执不下。'],
    },
    hotline: {
      path: ['农业农村', '土地管理', '宅基地纠纷'],
      titles: ['建房占用宅基地', '宅基地界址争议'],
      texts: [
        '来电人反映{place}{cp}建房时越过界址占用了其家宅基地约{n}平方米，双方争执不下，要求村里和镇里处理。',
      ],
      formType: '投诉',
    },
    police: {
      codes: ['200200', '200200', '200205'],
      texts: ['报警人称邻居建房越界，双方在工地发生争吵'],
    },
    court: { laay: '宅基地使用权纠纷', texts: ['原、被告系邻居，因被告建房占用原告宅基地发生纠纷。'] },
    petition: {
      wtlb: ['农村农业', '宅基地'],
      texts: ['反映邻居{other}建房占用其宅基地，村里调解未果，要求依法处理。'],
    },
  },
  {
    key: 'land',
    label: '承包地',
    home: 'village',
    other: 'villager',
    weight: 4,
    grid: {
      type: '山林土地纠纷',
      subjects: ['承包地边界纠纷'],
      texts: ['{A}与同村{B}因承包地边界不清发生矛盾，{B}在界上种树。'],
    },
    hotline: {
      path: ['农业农村', '土地管理', '土地纠纷'],
      titles: ['承包地被占'],
      texts: ['来电人反映同村村民{cp}占用其承包地种植苗木，要求村里重新丈量。'],
      formType: '投诉',
    },
    police: {
      codes: ['200200', '200200', '200205'],
      texts: ['报警人称同村村民强行在其承包地上种树'],
    },
    court: { laay: '土地承包经营权纠纷', texts: ['原、被告系同村村民，因承包地边界发生纠纷。'] },
    petition: {
      wtlb: ['农村农业', '土地承包'],
      texts: ['反映同村{other}占用其承包地，要求确权。'],
    },
  },
  {
    key: 'noise',
    label: '噪音',
    home: 'community',
    other: 'building',
    weight: 6,
    grid: {
      type: '邻里纠纷',
      subjects: ['楼上噪音扰民'],
      texts: ['{A}反映楼上{B}家每天深夜有拖动家具的声音，影响休息，双方多次争吵。'],
    },
    hotline: {
      path: ['社会治安', '邻里纠纷', '噪音扰民'],
      titles: ['楼上邻居夜间噪音扰民'],
      texts: [
        '来电人反映{place}{cp}每天深夜十一点后仍有敲击、拖动家具的声音，严重影响休息，沟通无果，要求处理。',
      ],
      formType: '投诉',
    },
    police: {
      codes: ['200200', '200200', '200201'],
      texts: ['报警人称楼上邻居深夜噪音扰民，上楼理论时发生争吵'],
    },
    court: { laay: '相邻关系纠纷', texts: ['申请人与被申请人系上下楼邻居，因噪音问题长期不睦。'] },
    petition: {
      wtlb: ['政法', '邻里纠纷'],
      texts: ['反映楼上住户{other}长期深夜制造噪音，物业和社区调解无果。'],
    },
  },
  {
    key: 'leak',
    label: '漏水',
    home: 'community',
    other: 'building',
    weight: 4,
    grid: {
      type: '邻里纠纷',
      subjects: ['楼上漏水纠纷'],
      texts: ['{A}反映楼上{B}家卫生间漏水，天花板发霉，{B}拒绝维修。'],
    },
    hotline: {
      path: ['社会治安', '邻里纠纷', '相邻关系'],
      titles: ['楼上漏水不维修'],
      texts: ['来电人反映{place}{cp}家卫生间漏水到其家中，对方不肯维修，要求协调。'],
      formType: '投诉',
    },
    police: {
      codes: ['200200', '200200', '200201'],
      texts: ['报警人称因楼上漏水与邻居发生争执'],
    },
    court: {
      laay: '相邻关系纠纷',
      texts: ['申请人与被申请人系上下楼邻居，因被申请人家漏水造成损失发生纠纷。'],
    },
    petition: {
      wtlb: ['政法', '邻里纠纷'],
      texts: ['反映楼上{other}家漏水多次未修，要求赔偿损失。'],
    },
  },
  {
    key: 'wages',
    label: '欠薪',
    home: 'any',
    other: 'boss',
    weight: 7,
    grid: {
      type: '劳资纠纷',
      subjects: ['讨要工资纠纷'],
      texts: ['{A}反映包工头{B}拖欠其工资约{money}元，多次讨要未果。'],
    },
    hotline: {
      path: ['劳动保障', '欠薪', '农民工工资'],
      titles: ['工地拖欠农民工工资', '讨要工资无果'],
      texts: [
        '来电人反映其在{place}某工地做木工，包工头{cp}拖欠其工资共计约{money}元，多次讨要未果，要求帮助追讨。',
      ],
      formType: '投诉',
    },
    police: {
      codes: ['200200', '200200', '200204'],
      texts: ['报警人称包工头拖欠工资，讨要时发生争执'],
    },
    court: { laay: '追索劳动报酬纠纷', texts: ['申请人为被申请人做工，被申请人拖欠劳动报酬{money}元未付。'] },
    petition: {
      wtlb: ['劳动社保', '拖欠工资'],
      texts: ['反映包工头{other}拖欠其工资{money}元，要求帮助追讨。'],
    },
  },
  {
    key: 'wages-company',
    label: '厂里欠薪',
    home: 'any',
    other: 'employer',
    weight: 4,
    grid: {
      type: '劳资纠纷',
      subjects: ['企业欠薪纠纷'],
      texts: ['{A}反映原工作单位{B}拖欠其两个月工资，离职后一直不结算。'],
    },
    hotline: {
      path: ['劳动保障', '欠薪', '拖欠工资'],
      titles: ['离职后工资不结算'],
      texts: ['来电人称在{place}一家企业上班，离职后老板一直不结算最后两个月工资约{money}元，要求处理。'],
      formType: '投诉',
    },
    police: {
      codes: ['200200', '200200', '200204'],
      texts: ['报警人称到厂里讨要工资被拒，与厂方发生争执'],
    },
    court: { laay: '追索劳动报酬纠纷', texts: ['申请人原在被申请人处工作，被申请人拖欠工资{money}元。'] },
    petition: {
      wtlb: ['劳动社保', '拖欠工资'],
      texts: ['反映{other}拖欠其工资{money}元，劳动监察处理后仍未支付。'],
    },
  },
  {
    key: 'loan',
    label: '借款',
    home: 'any',
    other: 'townsman',
    weight: 5,
    grid: {
      type: '合同纠纷',
      subjects: ['民间借贷纠纷'],
      texts: ['{A}反映{B}向其借款{money}元逾期不还，双方发生矛盾。'],
    },
    hotline: {
      path: ['社会治安', '经济纠纷', '民间借贷'],
      titles: ['借钱不还'],
      texts: ['来电人反映借给{cp}{money}元至今不还，对方电话不接，要求帮助调解。'],
      formType: '求助',
    },
    police: {
      codes: ['200200', '200200', '200203'],
      texts: ['报警人称上门讨债时与借款人发生争吵'],
    },
    court: { laay: '民间借贷纠纷', texts: ['原告出借被告{money}元，被告到期未还。'] },
    petition: {
      wtlb: ['政法', '民间借贷'],
      texts: ['反映{other}借款{money}元不还，要求处理。'],
    },
  },
  {
    key: 'family',
    label: '家庭',
    home: 'any',
    other: 'partner',
    weight: 5,
    grid: {
      type: '婚姻家庭纠纷',
      subjects: ['家庭矛盾'],
      texts: ['{A}与{B}因家庭琐事经常争吵，网格员上门劝解。'],
    },
    hotline: {
      path: ['社会治安', '家庭纠纷', '婚姻家庭纠纷'],
      titles: ['家庭矛盾求助'],
      texts: ['来电人称与家人因家庭琐事经常争吵，对方酒后有摔东西行为，要求{place}妇联和村里调解。'],
      formType: '求助',
    },
    police: {
      codes: ['200200', '200200', '200202'],
      texts: ['报警人称与家人发生争吵，对方摔砸物品'],
    },
    court: { laay: '离婚纠纷', texts: ['原、被告系家庭成员，因长期感情不和、家庭矛盾发生纠纷。'] },
    petition: {
      wtlb: ['政法', '婚姻家庭'],
      texts: ['反映与家人{other}矛盾激化，要求有关部门调解。'],
    },
  },
  {
    key: 'property',
    label: '物业',
    home: 'community',
    other: 'property',
    weight: 5,
    grid: {
      type: '物业纠纷',
      subjects: ['物业服务纠纷'],
      texts: ['{A}反映{B}擅自上调物业费，并以停水相威胁。'],
    },
    hotline: {
      path: ['城乡建设', '物业管理', '物业服务纠纷'],
      titles: ['物业费收取争议', '小区电梯长期故障'],
      texts: [
        '来电人反映{place}小区物业公司擅自上调物业费，业主不认可，物业以停水停电相威胁，要求相关部门介入。',
        '来电人反映{place}小区电梯故障已{n}天无人维修，物业公司一直推诿，要求督促处理。',
      ],
      formType: '投诉',
    },
    police: {
      codes: ['200200', '200200', '200206'],
      texts: ['报警人称与物业人员因停水问题发生争执'],
    },
    court: { laay: '物业服务合同纠纷', texts: ['原告为小区物业服务企业，被告欠缴物业费引发纠纷。'] },
    petition: {
      wtlb: ['城乡建设', '物业管理'],
      texts: ['反映{other}服务不到位、乱收费，要求查处。'],
    },
  },
  {
    key: 'traffic',
    label: '交通事故',
    home: 'any',
    other: 'driver',
    weight: 3,
    grid: {
      type: '道路交通事故纠纷',
      subjects: ['交通事故赔偿纠纷'],
      texts: ['{A}的电动车被{B}驾驶的小车撞倒，双方就赔偿问题协商不成。'],
    },
    hotline: {
      path: ['交通运输', '交通事故', '交通事故'],
      titles: ['交通事故赔偿纠纷'],
      texts: ['来电人称其电动车在{place}路口被{cp}驾驶的小车撞倒，对方不肯赔偿医药费，要求协调。'],
      formType: '求助',
    },
    police: {
      codes: ['200200', '200200', '200200'],
      texts: ['报警人称交通事故后对方拒不赔偿，双方在医院发生争吵'],
    },
    court: { laay: '机动车交通事故责任纠纷', texts: ['被告驾驶小型轿车与原告电动车相撞致原告受伤。'] },
    petition: {
      wtlb: ['政法', '交通事故'],
      texts: ['反映交通事故对方{other}拒不赔偿医药费，要求处理。'],
    },
  },
];

const isNeighbourly = (m: Matter) => m.other === 'neighbour' || m.other === 'building';

// --- dates ----------------------------------------------------------------------------------------------------

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BEIJING = 8 * HOUR;

/** `yyyyMMddHHmmss` in Beijing time. */
function stamp(at: number): string {
  return new Date(at + BEIJING).toISOString().replace(/\D/g, '').slice(0, 14);
}

function isoBeijing(at: number): string {
  const s = stamp(at);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}+08:00`;
}

type DateForm =
  | 'iso-space'
  | 'iso-offset'
  | 'slash'
  | 'chinese-time'
  | 'compact'
  | 'epoch'
  | 'date'
  | 'date-slash'
  | 'chinese-date'
  | 'compact-date';

function dateText(at: number, form: DateForm): string | number {
  const s = stamp(at);
  const [y, mo, d, h, mi, se] = [0, 4, 6, 8, 10, 12].map((i) => s.slice(i, i + (i === 0 ? 4 : 2))) as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  switch (form) {
    case 'iso-offset':
      return `${y}-${mo}-${d}T${h}:${mi}:${se}+08:00`;
    case 'slash':
      return `${y}/${Number(mo)}/${Number(d)} ${h}:${mi}`;
    case 'chinese-time':
      return `${y}年${Number(mo)}月${Number(d)}日${Number(h)}时${Number(mi)}分`;
    case 'compact':
      return s;
    case 'epoch':
      return at;
    case 'date':
      return `${y}-${mo}-${d}`;
    case 'date-slash':
      return `${y}/${Number(mo)}/${Number(d)}`;
    case 'chinese-date':
      return `${y}年${Number(mo)}月${Number(d)}日`;
    case 'compact-date':
      return s.slice(0, 8);
    default:
      return `${y}-${mo}-${d} ${h}:${mi}:${se}`;
  }
}

const CHINESE_NUMBERS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const chineseNumber = (n: number) => (n <= 10 ? CHINESE_NUMBERS[n]! : `十${CHINESE_NUMBERS[n - 10]}`);
const fullWidth = (s: string) =>
  s.replace(/[0-9A-Za-z()]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

// --- the builder ------------------------------------------------------------------------------------------------

interface Written {
  text: string;
  tags: string[];
}

interface Dispute {
  id: string;
  matter: Matter;
  a: Person;
  b: Person | Org;
  start: number;
  tags: Set<string>;
  /** Channels forced first (frequent callers call 12345). */
  firstChannel?: SourceId;
  /** When its last record was made. */
  lastAt: number;
}

interface Emitted {
  sourceId: SourceId;
  recordId: string;
  /** The number other systems quote (busiNumber, JJDBH, xfjbh, serialNumber). */
  reference: string;
  at: number;
}

interface Draft {
  raw: Record<string, unknown>;
  recordId: string;
  reference: string;
  parties: TruthParty[];
  tags: string[];
}

const TRANSITIONS: Record<SourceId, ReadonlyArray<readonly [SourceId, number]>> = {
  grid: [
    ['hotline-12345', 3],
    ['police-110', 2],
    ['grid', 0.5],
    ['petition', 1],
    ['court', 1],
  ],
  'hotline-12345': [
    ['grid', 2],
    ['police-110', 2],
    ['hotline-12345', 1],
    ['petition', 2],
    ['court', 0.5],
  ],
  'police-110': [
    ['police-110', 2],
    ['hotline-12345', 1.5],
    ['court', 2],
    ['grid', 1],
    ['petition', 1],
  ],
  petition: [
    ['court', 2],
    ['hotline-12345', 1],
    ['police-110', 0.5],
    ['petition', 0.3],
  ],
  court: [
    ['petition', 1],
    ['police-110', 0.3],
  ],
};

/** Days between one report and the next, by the channel of the later one. */
const GAP_DAYS: Record<SourceId, readonly [number, number]> = {
  grid: [0.1, 6],
  'hotline-12345': [0.2, 10],
  'police-110': [0.5, 20],
  petition: [5, 40],
  court: [7, 45],
};

class CountyBuilder {
  private readonly rng: Rng;
  private readonly rates: HardCaseRates;
  private readonly towns: Town[];
  private readonly people: Person[] = [];
  private readonly fresh: Person[];
  private readonly orgs: { property: Org[]; employer: Org[] };
  private readonly workers = new Map<string, GridWorker>();
  private readonly populationNames: Set<string>;
  private readonly newMobile: () => string;
  private readonly serials: Record<SourceId, number> = {
    grid: 0,
    'hotline-12345': 0,
    'police-110': 0,
    petition: 0,
    court: 0,
  };
  private readonly drafts: Array<{ record: CountyRecord; truth: RecordTruth; order: number }> = [];
  private readonly from: number;
  private readonly days: number;

  constructor(private readonly options: CountyOptions) {
    if (!Number.isInteger(options.disputes) || options.disputes < 1)
      throw new Error(`disputes must be a positive integer, got ${options.disputes}`);
    this.rng = new Rng(options.seed);
    this.rates = { ...DEFAULT_RATES, ...options.rates };
    this.towns = loadTowns();
    this.from = Date.parse(`${options.from ?? '2024-01-01'}T00:00:00+08:00`);
    this.days = options.days ?? 366;

    // People: the synthetic population (its own stream of the seed), placed in real villages and communities.
    const populationRng = new Rng(options.seed ^ 0x5eed5eed);
    const population = generatePopulation(
      () => populationRng.float(),
      Math.ceil(options.disputes * 2.6) + 60,
    );
    this.newMobile = population.newMobile;
    const byIndex = new Map<number, Person>();
    for (const p of population.people) {
      const person = this.personOf(p);
      byIndex.set(p.index, person);
      this.people.push(person);
    }
    // Households: the synthetic generator pairs people i and i+1 every ten, sharing a landline.
    for (let i = 0; i + 1 < population.people.length; i += 10) {
      const a = byIndex.get(i)!;
      const b = byIndex.get(i + 1)!;
      if (!a.landline || a.landline !== b.landline) continue;
      a.partner = b;
      b.partner = a;
      b.home = a.home;
    }
    // Shops: a few people give a shop's phone; each shop's phone is given by several of them.
    const shops = Array.from(
      { length: Math.max(3, Math.round((this.people.length * this.rates.shopPhone) / 5)) },
      () => (this.rng.chance(0.5) ? this.newMobile() : `0575-8${this.rng.digits(7)}`),
    );
    for (const person of this.people)
      if (this.rng.chance(this.rates.shopPhone)) person.shopPhone = this.rng.pick(shops);
    this.makeNamesakes();
    this.populationNames = new Set(this.people.map(fullNameOf));
    this.orgs = {
      property: PROPERTY_COMPANIES.map((name) => ({ name, creditCode: this.creditCode() })),
      employer: EMPLOYERS.map((name) => ({ name, creditCode: this.creditCode() })),
    };
    this.fresh = this.shuffle([...this.people]);
  }

  build(): County {
    const disputes = this.planDisputes();
    for (const dispute of disputes) this.emitReports(dispute);
    this.tagNamesakes();
    const sorted = [...this.drafts].sort(
      (x, y) => x.record.receivedAt.localeCompare(y.record.receivedAt) || x.order - y.order,
    );
    const truth = new Map<string, RecordTruth>();
    const bySource = Object.fromEntries(SOURCE_IDS.map((s) => [s, 0])) as Record<SourceId, number>;
    const tags: Record<string, number> = {};
    let mentions = 0;
    const mentioned = new Set<string>();
    for (const { record, truth: t } of sorted) {
      truth.set(truthKey(record.sourceId, record.sourceRecordId), t);
      bySource[record.sourceId]++;
      for (const tag of t.tags) tags[tag] = (tags[tag] ?? 0) + 1;
      for (const party of t.parties) {
        if (party.kind !== 'person') continue;
        mentions++;
        if (party.personId) mentioned.add(party.personId);
        for (const tag of party.tags) tags[tag] = (tags[tag] ?? 0) + 1;
      }
    }
    return {
      records: sorted.map((d) => d.record),
      truth,
      stats: {
        disputes: disputes.length,
        records: sorted.length,
        people: mentioned.size,
        mentions,
        bySource,
        tags: Object.fromEntries(Object.entries(tags).sort(([a], [b]) => a.localeCompare(b))),
      },
    };
  }

  // --- population ---

  private personOf(p: TruePerson): Person {
    return {
      id: `per-${String(p.index).padStart(6, '0')}`,
      surname: p.surname,
      given: p.given,
      sex: p.sex,
      birthYear: Number(p.birth.slice(0, 4)),
      residentId: p.residentId,
      mobile: p.mobile,
      ...(p.landline ? { landline: p.landline } : {}),
      home: this.randomHome(),
    };
  }

  private randomHome(town = this.pickTown(), community = this.rng.chance(0.3)): Home {
    const useCommunity = community ? town.communities.length > 0 : town.villages.length === 0;
    const place = this.rng.pick(useCommunity ? town.communities : town.villages);
    return {
      town,
      place,
      community: useCommunity,
      group: this.rng.int(1, 12),
      house: this.rng.int(1, 120),
      building: this.rng.int(1, 40),
      unit: this.rng.int(1, 4),
      room: this.rng.int(1, 18) * 100 + this.rng.int(1, 4),
    };
  }

  private pickTown(): Town {
    return this.rng.weighted(this.towns.map((t) => [t, t.villages.length + t.communities.length] as const));
  }

  /** Moves a person (and their household) to a home. */
  private moveTo(person: Person, home: Home): void {
    person.home = home;
    if (person.partner) person.partner.home = home;
  }

  /** Some people get the full name of another person of the same sex living in the same town. */
  private makeNamesakes(): void {
    const singles = this.people.filter((p) => !p.partner);
    const count = Math.round(this.people.length * this.rates.namesakes);
    for (let i = 0; i < count; i++) {
      const model = this.rng.pick(this.people);
      const copy = this.rng.pick(singles);
      if (copy === model || copy.sex !== model.sex || copy.partner) continue;
      copy.surname = model.surname;
      copy.given = model.given;
      copy.home = this.randomHome(model.home.town, model.home.community);
    }
  }

  private creditCode(): string {
    const first17 = `91330681${this.rng.digits(8)}${this.rng.pick([...'0123456789ABCDEFGHJKLMNPQRTUWXY'])}`;
    return `${first17}${creditCodeChecksum(first17)}`;
  }

  private nextFresh(accept: (p: Person) => boolean = () => true): Person {
    for (let tries = 0; tries < 50; tries++) {
      const p = this.fresh.pop() ?? this.rng.pick(this.people);
      if (accept(p)) return p;
      this.fresh.unshift(p);
    }
    const p = this.people.find(accept);
    if (!p) throw new Error('no person fits');
    return p;
  }

  private workerOf(place: Division): GridWorker {
    let worker = this.workers.get(place.code);
    if (!worker) {
      let name: string;
      do {
        name = `${this.rng.pick([...WORKER_SURNAMES])}${this.rng.pick(WORKER_GIVEN)}`;
      } while (this.populationNames.has(name));
      worker = { name, mobile: this.newMobile() };
      this.workers.set(place.code, worker);
    }
    return worker;
  }

  // --- disputes ---

  private planDisputes(): Dispute[] {
    const total = this.options.disputes;
    const disputes: Dispute[] = [];
    let serial = 0;
    const nextId = () => `dsp-${String(++serial).padStart(5, '0')}`;
    const startAt = () => this.from + this.rng.int(0, Math.max(0, this.days - 75)) * DAY;

    // Frequent callers: several unrelated complaints each, over the year.
    const frequent = Math.round((total * this.rates.frequentCallersPerThousand) / 1000);
    for (let f = 0; f < frequent && disputes.length < total; f++) {
      const caller = this.nextFresh();
      const complaints = this.rng.int(4, 7);
      const used = new Set<string>();
      for (let c = 0; c < complaints && disputes.length < total; c++) {
        const matter = this.pickMatter(caller, (m) => !used.has(m.key) && m.other !== 'partner');
        used.add(matter.key);
        const d = this.newDispute(nextId(), matter, caller, startAt());
        d.tags.add('frequent-caller');
        d.firstChannel = 'hotline-12345';
        disputes.push(d);
      }
    }
    // Two different disputes in the same building in the same week.
    const pairs = Math.round((total * this.rates.sameBuilding) / 2);
    for (let i = 0; i < pairs && disputes.length + 1 < total; i++) {
      const town = this.rng.pick(this.towns.filter((t) => t.communities.length > 0));
      const building = this.randomHome(town, true);
      const start = startAt();
      for (let k = 0; k < 2; k++) {
        const a = this.nextFresh((p) => !p.partner);
        this.moveTo(a, { ...building, room: this.rng.int(1, 17) * 100 + this.rng.int(1, 4) });
        const matter = this.pickMatter(a, (m) => m.other === 'building');
        const d = this.newDispute(nextId(), matter, a, start + this.rng.int(0, 6) * DAY);
        d.tags.add('same-building');
        disputes.push(d);
      }
    }
    // The rest, and among them the neighbours who quarrel again later.
    const repeats = Math.round(total * this.rates.repeatPairs);
    const base = total - disputes.length - repeats;
    const neighbourly: Dispute[] = [];
    for (let i = 0; i < base; i++) {
      const a = this.nextFresh();
      const matter = this.pickMatter(a, () => true);
      const d = this.newDispute(nextId(), matter, a, startAt());
      disputes.push(d);
      if (isNeighbourly(matter) && isPerson(d.b)) neighbourly.push(d);
    }
    for (let i = 0; i < repeats && neighbourly.length > 0; i++) {
      const first = this.rng.pick(neighbourly);
      const matter = this.pickMatter(
        first.a,
        (m) => m.key !== first.matter.key && m.other === first.matter.other,
      );
      if (matter.key === first.matter.key) continue;
      const later = first.start + this.rng.int(90, 200) * DAY;
      const d: Dispute = {
        id: nextId(),
        matter,
        a: this.rng.chance(0.7) ? first.a : (first.b as Person),
        b: this.rng.chance(0.7) ? first.b : first.a,
        start: later,
        tags: new Set(['repeat-pair']),
        lastAt: later,
      };
      if (d.a === d.b) d.b = d.a === first.a ? first.b : first.a;
      first.tags.add('repeat-pair');
      disputes.push(d);
    }
    return disputes.sort((x, y) => x.start - y.start);
  }

  private pickMatter(a: Person, accept: (m: Matter) => boolean): Matter {
    const fits = MATTERS.filter(
      (m) =>
        accept(m) &&
        (m.home === 'any' || (m.home === 'community') === a.home.community) &&
        (m.other !== 'partner' || a.partner !== undefined),
    );
    const pool = fits.length > 0 ? fits : MATTERS.filter((m) => m.home === 'any' && m.other !== 'partner');
    return this.rng.weighted(pool.map((m) => [m, m.weight] as const));
  }

  private newDispute(id: string, matter: Matter, a: Person, start: number): Dispute {
    const other = (accept: (p: Person) => boolean = () => true) =>
      this.nextFresh((p) => p !== a && p !== a.partner && fullNameOf(p) !== fullNameOf(a) && accept(p));
    let b: Person | Org;
    switch (matter.other) {
      case 'partner':
        b = a.partner!;
        break;
      case 'neighbour': {
        const n = other((p) => !p.partner || p.partner !== a);
        this.moveTo(n, { ...a.home, house: a.home.house + this.rng.pick([-2, -1, 1, 2]) });
        b = n;
        break;
      }
      case 'building': {
        const n = other();
        this.moveTo(n, { ...a.home, room: a.home.room + 100 });
        b = n;
        break;
      }
      case 'villager': {
        const n = other();
        this.moveTo(n, { ...a.home, group: (a.home.group % 12) + 1, house: this.rng.int(1, 120) });
        b = n;
        break;
      }
      case 'townsman': {
        const n = other();
        if (n.home.town !== a.home.town && this.rng.chance(0.6)) this.moveTo(n, this.randomHome(a.home.town));
        b = n;
        break;
      }
      case 'property':
        b = this.rng.pick(this.orgs.property);
        break;
      case 'employer':
        b = this.rng.pick(this.orgs.employer);
        break;
      default:
        b = other();
    }
    return { id, matter, a, b, start, tags: new Set(), lastAt: start };
  }

  // --- reports ---

  private emitReports(d: Dispute): void {
    const rng = this.rng;
    const k = d.tags.has('frequent-caller')
      ? rng.weighted([
          [1, 60],
          [2, 30],
          [3, 10],
        ])
      : rng.weighted([
          [1, 38],
          [2, 28],
          [3, 18],
          [4, 10],
          [5, 6],
        ]);
    const emitted: Emitted[] = [];
    let channel: SourceId =
      d.firstChannel ??
      rng.weighted([
        ['grid', 35],
        ['hotline-12345', 45],
        ['police-110', 20],
      ] as const);
    let at = d.start + rng.int(8 * 60, 20 * 60) * 60_000;
    for (let i = 0; i < k; i++) {
      if (i > 0) {
        const options = TRANSITIONS[channel].filter(
          ([c]) =>
            !(c === 'court' && emitted.some((e) => e.sourceId === 'court')) &&
            !(c === 'petition' && emitted.filter((e) => e.sourceId === 'petition').length >= 1),
        );
        if (options.length === 0) break;
        channel = rng.weighted(options);
        const [lo, hi] = GAP_DAYS[channel];
        at += Math.round((lo + rng.float() * (hi - lo)) * DAY);
        // Offices work by day.
        const hourOfDay = new Date(at + BEIJING).getUTCHours();
        if (channel !== 'police-110' && channel !== 'hotline-12345' && (hourOfDay < 8 || hourOfDay > 17))
          at += ((8 + rng.int(0, 8) - hourOfDay + 24) % 24) * HOUR;
      }
      const draft = this.write(channel, d, at, emitted);
      emitted.push({ sourceId: channel, recordId: draft.recordId, reference: draft.reference, at });
      const receivedAt = at + rng.int(1, 90) * 60_000;
      const tags = [...d.tags, ...draft.tags];
      this.drafts.push({
        order: this.drafts.length,
        record: {
          sourceId: channel,
          sourceRecordId: draft.recordId,
          receivedAt: isoBeijing(receivedAt),
          raw: draft.raw,
        },
        truth: {
          sourceId: channel,
          sourceRecordId: draft.recordId,
          disputeId: d.id,
          parties: draft.parties,
          tags: [...new Set(tags)].sort(),
          summary: `${isoBeijing(at).slice(0, 10)} ${d.matter.label} ${d.a.home.town.name}${d.a.home.place.name} ${fullNameOf(d.a)}/${isPerson(d.b) ? fullNameOf(d.b) : d.b.name}`,
        },
      });
      d.lastAt = at;
    }
  }

  private write(channel: SourceId, d: Dispute, at: number, earlier: Emitted[]): Draft {
    switch (channel) {
      case 'grid':
        return this.gridEvent(d, at, earlier);
      case 'hotline-12345':
        return this.workOrder(d, at, earlier);
      case 'police-110':
        return this.policeCall(d, at, earlier);
      case 'petition':
        return this.petitionItem(d, at, earlier);
      case 'court':
        return this.courtCase(d, at, earlier);
    }
  }

  /** The most recent earlier record of a source, given as a reference at the configured rate. */
  private referenceTo(earlier: Emitted[], sources: SourceId[]): Emitted | undefined {
    const target = [...earlier].reverse().find((e) => sources.includes(e.sourceId));
    return target && this.rng.chance(this.rates.references) ? target : undefined;
  }

  // --- names, phones, IDs, addresses as the systems write them ---

  /** A full name as typed: mostly right, sometimes a homophone, traditional characters, a typo or stray whitespace. */
  private fullName(p: Person): Written {
    const rng = this.rng;
    const r = rng.float();
    const { homophone, traditional, typo } = this.rates;
    const chars = [...p.given];
    if (r < homophone) {
      for (const i of [chars.length - 1, 0]) {
        const h = HOMOPHONES[chars[i]!];
        if (h) {
          chars[i] = h;
          return { text: `${p.surname}${chars.join('')}`, tags: ['homophone'] };
        }
      }
    } else if (r < homophone + traditional) {
      const text = toTraditional(fullNameOf(p));
      if (text !== fullNameOf(p)) return { text, tags: ['traditional'] };
    } else if (r < homophone + traditional + typo) {
      const i = rng.int(0, chars.length - 1);
      const c = chars[i]!;
      chars[i] =
        LOOK_ALIKES[c] ?? rng.pick([...'建国志明海文俊浩宇家永立新光春晓华军'].filter((x) => x !== c));
      return { text: `${p.surname}${chars.join('')}`, tags: ['typo'] };
    }
    return {
      text: rng.chance(0.02) ? `${fullNameOf(p)}${rng.pick([' ', '\t', '\n'])}` : fullNameOf(p),
      tags: [],
    };
  }

  private surnameForm(p: Person): Written {
    const elderly = p.birthYear <= 1958;
    const word =
      p.sex === 'male'
        ? elderly
          ? this.rng.pick(['大爷', '先生', '师傅'])
          : '先生'
        : elderly
          ? this.rng.pick(['阿姨', '女士', '大妈'])
          : this.rng.pick(['女士', '女士', '小姐']);
    return { text: `${p.surname}${word}`, tags: ['surname-only'] };
  }

  private maskedForm(p: Person, twice = this.rng.chance(0.5)): Written {
    return { text: `${p.surname}${twice ? '某某' : '某'}`, tags: ['masked-name'] };
  }

  /** One phone in one of the contract's forms; `masked` tags the mention. */
  private phoneText(number: string, maskable = true): Written {
    const rng = this.rng;
    if (number.startsWith('0575')) {
      const digits = number.replace('-', '');
      return { text: rng.chance(0.6) ? `0575-${digits.slice(4)}` : digits, tags: [] };
    }
    const form = rng.weighted([
      ['plain', 60],
      ['spaced', 9],
      ['dashed', 9],
      ['plus86', 7],
      ['0086', 3],
      ['fullwidth', 4],
      ['masked', maskable ? 6 : 0],
    ] as const);
    switch (form) {
      case 'spaced':
        return { text: `${number.slice(0, 3)} ${number.slice(3, 7)} ${number.slice(7)}`, tags: [] };
      case 'dashed':
        return { text: `${number.slice(0, 3)}-${number.slice(3, 7)}-${number.slice(7)}`, tags: [] };
      case 'plus86':
        return { text: `+86 ${number}`, tags: [] };
      case '0086':
        return { text: `0086${number}`, tags: [] };
      case 'fullwidth':
        return { text: fullWidth(number), tags: [] };
      case 'masked':
        return { text: `${number.slice(0, 3)}****${number.slice(7)}`, tags: ['masked-phone'] };
      default:
        return { text: number, tags: [] };
    }
  }

  /** The phone a person gives when calling: their mobile, the household landline, or a shop's. */
  private ownPhone(p: Person): { number: string; tags: string[] } {
    if (p.shopPhone && this.rng.chance(0.7)) return { number: p.shopPhone, tags: ['shop-phone'] };
    if (p.landline && this.rng.chance(p.birthYear <= 1958 ? 0.6 : 0.15))
      return { number: p.landline, tags: ['household-phone'] };
    return { number: p.mobile, tags: [] };
  }

  private idText(id: string, maskable = true): Written {
    const variant = this.rng.weighted([
      ['clean', 88],
      ['legacy', 2],
      ['masked', maskable ? 3 : 0],
      ['typo', 1.5],
      ['fullwidth', 2],
      ['spaced', 3.5],
    ] as const);
    switch (variant) {
      case 'legacy':
        // 15-digit numbers were issued until 1999 and carry a two-digit year of the 1900s: no one born since has one.
        return id.slice(6, 8) === '19'
          ? { text: id.slice(0, 6) + id.slice(8, 17), tags: ['legacy-id'] }
          : { text: id, tags: [] };
      case 'masked':
        return { text: `${id.slice(0, 6)}********${id.slice(14)}`, tags: ['masked-id'] };
      case 'typo': {
        const at = this.rng.int(6, 16);
        const wrong = String((Number(id[at]) + this.rng.int(1, 8)) % 10);
        return { text: id.slice(0, at) + wrong + id.slice(at + 1), tags: ['id-typo'] };
      }
      case 'fullwidth':
        return { text: fullWidth(id), tags: [] };
      case 'spaced':
        return { text: ` ${id} `, tags: [] };
      default:
        return { text: id.endsWith('X') && this.rng.chance(0.5) ? `${id.slice(0, 17)}x` : id, tags: [] };
    }
  }

  /** The home as an address line, with or without the town and county, numerals either way. */
  private address(home: Home, prefixWeights: [number, number, number, number] = [30, 40, 22, 8]): string {
    const rng = this.rng;
    const prefix = rng.weighted([
      ['', prefixWeights[0]],
      [home.town.name, prefixWeights[1]],
      [`诸暨市${home.town.name}`, prefixWeights[2]],
      [`浙江省绍兴市诸暨市${home.town.name}`, prefixWeights[3]],
    ]);
    const detail = home.community
      ? `${home.building}${rng.pick(['幢', '栋', '号楼'])}${home.unit}单元${home.room}${rng.pick(['室', ''])}`
      : `${rng.chance(0.5) ? chineseNumber(home.group) : home.group}组${rng.chance(0.85) ? `${home.house}号` : ''}`;
    return `${prefix}${home.place.name}${detail}`;
  }

  private coordinates(home: Home): { lat: number; lon: number } {
    let h = 0;
    for (const c of home.place.code) h = (h * 31 + c.charCodeAt(0)) >>> 0;
    const lat = 29.55 + ((h % 1000) / 1000) * 0.4 + (this.rng.float() - 0.5) * 0.004;
    const lon = 120.05 + ((Math.floor(h / 1000) % 1000) / 1000) * 0.4 + (this.rng.float() - 0.5) * 0.004;
    return { lat: Math.round(lat * 1e6) / 1e6, lon: Math.round(lon * 1e6) / 1e6 };
  }

  private fill(template: string, values: Record<string, string>): string {
    const all: Record<string, string> = { n: String(this.rng.int(2, 30)), ...values };
    return template.replace(/\{(\w+)\}/g, (_, key: string) => all[key] ?? '');
  }

  private shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.rng.int(0, i);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  private money(): string {
    return String(this.rng.int(3, 120) * 1000);
  }

  private person(p: Person, written: Written, tags: string[] = []): TruthParty {
    return {
      name: written.text.trim(),
      kind: 'person',
      personId: p.id,
      tags: [...new Set([...written.tags, ...tags])],
    };
  }

  private org(o: Org): TruthParty {
    return { name: o.name, kind: 'organization', tags: [] };
  }

  // --- grid ---

  private gridEvent(d: Dispute, at: number, earlier: Emitted[]): Draft {
    const rng = this.rng;
    const home = d.a.home;
    const worker = this.workerOf(home.place);
    const gridNo = rng.int(1, 8);
    const gridCode = `${home.place.code}${String(gridNo).padStart(3, '0')}`;
    const serial = ++this.serials.grid;
    const recordId = `WG${gridCode}${stamp(at).slice(0, 8)}${String(serial % 100000).padStart(5, '0')}`;
    const from12345 = this.referenceTo(earlier, ['hotline-12345']);
    const aName = this.fullName(d.a);
    const bName = isPerson(d.b) ? this.fullName(d.b) : { text: d.b.name, tags: [] };
    const parties: TruthParty[] = [];
    const raw: Record<string, unknown> = {
      serialNumber: recordId,
      subject: rng.pick(d.matter.grid.subjects),
      issueContent: this.fill(rng.pick(d.matter.grid.texts), {
        A: fullNameOf(d.a),
        B: isPerson(d.b) ? fullNameOf(d.b) : d.b.name,
        money: this.money(),
      }),
      occurDate: dateText(
        at,
        rng.weighted([
          ['iso-space', 70],
          ['slash', 10],
          ['chinese-time', 8],
          ['compact', 6],
          ['epoch', 6],
        ] as const),
      ),
    };
    const code = rng.weighted([
      [gridCode, 80],
      [home.place.code, 15],
      ['', 5],
    ]);
    if (code) raw.occurOrgCode = code;
    raw.occurOrgName = `${home.place.name}第${chineseNumber(gridNo)}网格`;
    raw.occurLocation = this.address(home, [40, 45, 15, 0]);
    if (rng.chance(0.75)) Object.assign(raw, this.coordinates(home));

    if (rng.chance(0.35)) {
      // The worker filled in the parties form; sometimes with the worker's own phone for a party who has none to hand.
      const form: Array<Record<string, unknown>> = [];
      const roles = rng.chance(0.6) ? ['申请人', '被申请人'] : ['当事人', '当事人'];
      const aEntry: Record<string, unknown> = { name: aName.text, role: roles[0] };
      const aTags: string[] = [];
      if (rng.chance(0.5)) {
        const id = this.idText(d.a.residentId);
        aEntry.idCard = id.text;
        aTags.push(...id.tags);
      }
      if (rng.chance(0.15)) aEntry.phone = worker.mobile;
      else if (rng.chance(0.7)) {
        const phone = this.phoneText(d.a.mobile);
        aEntry.phone = phone.text;
        aTags.push(...phone.tags);
      }
      form.push(aEntry);
      parties.push(this.person(d.a, aName, aTags));
      if (isPerson(d.b)) {
        const bEntry: Record<string, unknown> = { name: bName.text, role: roles[1] };
        if (rng.chance(0.3)) bEntry.idCard = this.idText(d.b.residentId).text;
        if (rng.chance(0.4)) bEntry.phone = this.phoneText(d.b.mobile, false).text;
        form.push(bEntry);
        parties.push(this.person(d.b, bName));
      } else {
        form.push({ name: d.b.name, role: roles[1] });
        parties.push(this.org(d.b));
      }
      raw.mainCharacters = `${fullNameOf(d.a)}、${isPerson(d.b) ? fullNameOf(d.b) : d.b.name}`;
      raw.parties = form;
    } else {
      const b = bName.text.trim();
      const a = aName.text.trim();
      const forms =
        d.matter.other === 'neighbour'
          ? [`${a}、${b}`, `${a}（户主）与邻居${b}`, `${a}与${b}`]
          : d.matter.other === 'partner' && isPerson(d.b)
            ? [`${a}、${b}`, `${a}与${d.a.sex === d.b.sex ? '' : d.a.sex === 'female' ? '其夫' : '其妻'}${b}`]
            : d.matter.other === 'boss'
              ? [`${a}、${b}`, `${a}与包工头${b}`]
              : [`${a}、${b}`, `${a}与${b}`];
      raw.mainCharacters = rng.pick(forms);
      parties.push(this.person(d.a, aName, ['free-text']));
      parties.push(isPerson(d.b) ? this.person(d.b, bName, ['free-text']) : this.org(d.b));
    }
    raw.relatePeopleCount = rng.chance(0.8) ? 2 : '2人';
    raw.issueKind = '个体性事件';
    raw.issueTypeDomain = '矛盾纠纷';
    raw.issueType = d.matter.grid.type;
    raw.emergencyLevel = rng.weighted([
      ['一般', 90],
      ['较大', 10],
    ]);
    raw.sourceKind = from12345 ? '热线转办' : rng.pick(['网格员巡查', '网格员巡查', '群众来访', '手机上报']);
    if (from12345) raw.fromSerialNumber = rng.chance(0.9) ? from12345.reference : ` ${from12345.reference}\n`;
    const status = rng.weighted([
      ['已受理', 20],
      ['办理中', 40],
      ['已上报', 10],
      ['已办结', 20],
      ['已回访', 10],
    ]);
    raw.status = status;
    raw.reporter = { name: worker.name, mobile: worker.mobile };
    const steps: Array<Record<string, string>> = [
      {
        action: '受理',
        time: dateText(at + HOUR, 'iso-space') as string,
        org: home.place.name,
        user: worker.name,
        comment: '已现场查看',
      },
    ];
    if (status === '已办结' || status === '已回访')
      steps.push({
        action: '结案',
        time: dateText(at + 3 * DAY, 'iso-space') as string,
        org: home.place.name,
        user: worker.name,
        comment: rng.pick(['经调解双方达成一致', '已协调处理']),
      });
    raw.steps = steps;
    if (rng.chance(0.03)) raw.appVersion = '5.2.1';
    return {
      raw,
      recordId,
      reference: recordId,
      parties: this.withoutWorker(parties, worker),
      tags: from12345 ? ['linked'] : [],
    };
  }

  /** The grid adapter leaves out a party with the worker's full name; workers' names are drawn to avoid that. */
  private withoutWorker(parties: TruthParty[], worker: GridWorker): TruthParty[] {
    return parties.filter((p) => normalisePersonName(p.name)?.normalised !== worker.name);
  }

  // --- 12345 ---

  private workOrder(d: Dispute, at: number, earlier: Emitted[]): Draft {
    const rng = this.rng;
    const serial = ++this.serials['hotline-12345'];
    const s = stamp(at);
    const recordId = `F${s.slice(0, 8)}${String(serial).padStart(6, '0')}`;
    const busiNumber = `ZJ${s.slice(2, 8)}${String(serial).padStart(5, '0')}`;
    const parties: TruthParty[] = [];
    const tags: string[] = [];
    const from110 = this.referenceTo(earlier, ['police-110']);

    // Who calls: the complainant mostly; the other side, a relative, or the grid worker for an elderly resident.
    const bPerson = isPerson(d.b) ? d.b : undefined;
    let caller: Person = d.a;
    const callerTags: string[] = [];
    if (!d.tags.has('frequent-caller')) {
      const who = rng.weighted([
        ['a', 76],
        ['b', bPerson && d.matter.other !== 'partner' ? 10 : 0],
        ['relative', d.a.partner && d.matter.other !== 'partner' ? 10 : 0],
      ] as const);
      if (who === 'b' && bPerson) caller = bPerson;
      if (who === 'relative' && d.a.partner) {
        caller = d.a.partner;
        callerTags.push('relative-caller');
      }
    }
    const other: Person | Org = caller === bPerson ? d.a : d.b;
    const worker = this.workerOf(caller.home.place);
    const byWorker = caller.birthYear <= 1955 && rng.chance(this.rates.workerCallsForElderly);
    let name: Written;
    let phone: { number: string; tags: string[] } | undefined;
    if (byWorker) {
      name = this.surnameForm(caller);
      phone = { number: worker.mobile, tags: ['worker-phone'] };
    } else {
      const form = rng.weighted([
        ['honorific', 55],
        ['full', 27],
        ['masked', 4],
        ['empty', 6],
      ] as const);
      name =
        form === 'honorific'
          ? this.surnameForm(caller)
          : form === 'full'
            ? this.fullName(caller)
            : form === 'masked'
              ? this.maskedForm(caller, false)
              : { text: '', tags: ['no-name'] };
      phone = rng.chance(0.95) ? this.ownPhone(caller) : undefined;
    }
    const phoneWritten = phone ? this.phoneText(phone.number, !byWorker) : undefined;
    const withId = !byWorker && rng.chance(0.2);
    const id = withId ? this.idText(caller.residentId) : undefined;
    if (name.text !== '' || phoneWritten || id) {
      parties.push(
        this.person(caller, name, [
          ...callerTags,
          ...(phone?.tags ?? []),
          ...(phoneWritten?.tags ?? []),
          ...(id?.tags ?? []),
        ]),
      );
    }
    // The other side, named in the account after a cue word when neighbours quarrel (邻居李某, 楼上邻居王女士).
    let cp: string;
    if (isPerson(other) && isNeighbourly(d.matter) && other.surname.length === 1 && rng.chance(0.85)) {
      const cue =
        d.matter.other === 'building'
          ? rng.pick(['楼上邻居', '楼上邻居', '邻居'])
          : rng.pick(['邻居', '邻居', '隔壁']);
      const written = rng.chance(0.7)
        ? this.maskedForm(other)
        : { text: `${other.surname}${other.sex === 'male' ? '先生' : '女士'}`, tags: ['surname-only'] };
      cp = `${cue}${written.text}`;
      parties.push(this.person(other, written, ['free-text']));
    } else if (isPerson(other)) {
      cp = `${other.surname}${other.surname.length > 1 ? '' : '某'}`;
    } else {
      cp = '对方';
    }
    const matterIndex = rng.int(0, d.matter.hotline.texts.length - 1);
    const place = `诸暨市${d.a.home.town.name}${d.a.home.place.name}`;
    const raw: Record<string, unknown> = {
      formId: recordId,
      busiNumber,
      createTime: dateText(
        at,
        rng.weighted([
          ['iso-space', 55],
          ['iso-offset', 10],
          ['slash', 14],
          ['chinese-time', 8],
          ['compact', 7],
          ['epoch', 6],
        ] as const),
      ),
    };
    if (rng.chance(0.75)) raw.planTime = dateText(at + rng.pick([1, 3, 5, 7]) * DAY, 'iso-space');
    const origin = from110
      ? '110转办'
      : rng.weighted([
          ['电话', 80],
          ['微信', 10],
          ['APP', 6],
          ['网站', 4],
        ]);
    raw.incomingPhone =
      (origin === '电话' || origin === '110转办') && phone ? this.phoneText(phone.number, false).text : '';
    raw.cusName = rng.chance(0.03) && name.text ? `${name.text} ` : name.text;
    raw.cusSex = rng.chance(0.9) ? (caller.sex === 'male' ? '男' : '女') : '';
    raw.cusPhone = phoneWritten?.text ?? '';
    if (id) raw.cusIdCard = id.text;
    raw.confidential = rng.chance(0.3) ? rng.chance(0.05) : rng.chance(0.05) ? '是' : '否';
    raw.formTypeName = d.matter.hotline.formType;
    raw.formOriginName = origin;
    raw.jjcdName = rng.weighted([
      ['一般', 88],
      ['紧急', 12],
    ]);
    raw.title = d.matter.hotline.titles[Math.min(matterIndex, d.matter.hotline.titles.length - 1)]!;
    raw.contentText = this.fill(d.matter.hotline.texts[matterIndex]!, { place, cp, money: this.money() });
    [raw.businessTypeName, raw.businessTypeChildName, raw.businessTypeGrandsonName] = d.matter.hotline.path;
    raw.areaName = rng.chance(0.9) ? `诸暨市${d.a.home.town.name}` : d.a.home.town.name;
    const areaCode = rng.weighted<string | undefined>([
      [undefined, 30],
      ['330681', 15],
      [d.a.home.town.code, 30],
      [d.a.home.place.code, 25],
    ]);
    if (areaCode) raw.areaCode = areaCode;
    raw.busiAddress = rng.chance(0.1) ? d.a.home.place.name : this.address(d.a.home);
    const status = rng.weighted([
      ['已派单', 30],
      ['已签收', 15],
      ['办理中', 20],
      ['已办结', 20],
      ['已回访', 15],
    ]);
    raw.formStatusName = status;
    const unit = d.a.home.town.name.endsWith('街道')
      ? `${d.a.home.town.name}办事处`
      : `${d.a.home.town.name}人民政府`;
    raw.handleUnit = unit;
    const operator = `坐席${String(rng.int(1, 60)).padStart(3, '0')}`;
    const steps: Array<Record<string, string>> = [
      {
        action: '受理',
        time: dateText(at, 'iso-space') as string,
        fromUnit: '12345中心',
        toUnit: '12345中心',
        operator,
        comment: '',
      },
      {
        action: '派单',
        time: dateText(at + 40 * 60_000, 'iso-space') as string,
        fromUnit: '12345中心',
        toUnit: unit,
        operator,
        comment: rng.pick(['', '请核实处理', '请镇综治中心协调']),
      },
    ];
    if (status === '已办结' || status === '已回访')
      steps.push({
        action: '办结',
        time: dateText(at + 2 * DAY, 'iso-space') as string,
        fromUnit: unit,
        toUnit: '12345中心',
        operator: '经办人',
        comment: rng.pick(['已调解，双方达成一致', '已答复来电人']),
      });
    raw.steps = steps;
    raw.satisfaction = status === '已回访' ? rng.pick(['满意', '基本满意', '不满意']) : null;
    if (from110) {
      raw.linked110 = from110.reference;
      tags.push('linked');
    }
    if (rng.chance(0.03)) raw.extSystemVersion = 'v3.2.1';
    return { raw, recordId, reference: busiNumber, parties, tags };
  }

  // --- 110 ---

  private policeCall(d: Dispute, at: number, earlier: Emitted[]): Draft {
    const rng = this.rng;
    const serial = ++this.serials['police-110'];
    const s = stamp(at);
    const recordId = `330681${s.slice(0, 8)}${String(serial % 100000).padStart(5, '0')}`;
    const parties: TruthParty[] = [];
    const tags: string[] = [];
    const earlierCall = this.referenceTo(earlier, ['police-110']);
    const bPerson = isPerson(d.b) ? d.b : undefined;

    const who = rng.weighted([
      ['a', 45],
      ['b', bPerson && d.matter.other !== 'partner' ? 20 : 0],
      ['a-relative', d.a.partner && d.matter.other !== 'partner' ? 20 : 0],
      ['b-relative', bPerson?.partner && bPerson.partner !== d.a ? 15 : 0],
    ] as const);
    const caller =
      who === 'b'
        ? bPerson!
        : who === 'a-relative'
          ? d.a.partner!
          : who === 'b-relative'
            ? bPerson!.partner!
            : d.a;
    const callerTags = who.endsWith('relative') ? ['relative-caller'] : [];
    const form = rng.weighted([
      ['honorific', 50],
      ['full', 38],
      ['empty', 12],
    ] as const);
    let name: Written =
      form === 'honorific'
        ? this.surnameForm(caller)
        : form === 'full'
          ? this.fullName(caller)
          : { text: '', tags: ['no-name'] };
    const phone = this.ownPhone(caller);
    const phoneWritten = this.phoneText(phone.number, false);
    const id = rng.chance(0.15) ? this.idText(caller.residentId, false) : undefined;

    // DSR: the parties as the officer wrote them; the caller, when a party named in full, is not written twice.
    const dsrEntries: Array<{ text: string; party: TruthParty }> = [];
    if (rng.chance(0.8)) {
      for (const side of rng.chance(0.5) ? [d.b, d.a] : [d.a, d.b]) {
        if (isPerson(side)) {
          if (side === caller && form === 'full') continue;
          const written = this.fullName(side);
          const withId = rng.chance(0.3);
          const bracket = rng.chance(0.5) ? ['(', ')'] : ['（', '）'];
          const idText = withId ? this.idText(side.residentId, false) : undefined;
          dsrEntries.push({
            text: `${written.text.trim()}${idText ? `${bracket[0]}${idText.text.trim()}${bracket[1]}` : ''}`,
            party: this.person(side, written, ['free-text', ...(idText?.tags ?? [])]),
          });
        } else {
          dsrEntries.push({ text: side.name, party: this.org(side) });
        }
      }
    }
    // A caller written in full with the name of someone in DSR would be read as that person: write the surname only.
    const callerNormalised = normalisePersonName(name.text)?.normalised;
    if (
      form === 'full' &&
      dsrEntries.some((e) => normalisePersonName(e.party.name)?.normalised === callerNormalised)
    ) {
      name = this.surnameForm(caller);
    }
    parties.push(this.person(caller, name, [...callerTags, ...phone.tags, ...(id?.tags ?? [])]));
    parties.push(...dsrEntries.map((e) => e.party));

    const raw: Record<string, string> = { JJDBH: recordId };
    if (earlierCall) {
      raw.GLJJDBH = earlierCall.reference;
      tags.push('linked');
    }
    raw.XZQHBH = '330681';
    raw.BJSJ = String(
      dateText(
        at,
        rng.weighted([
          ['compact', 85],
          ['iso-space', 10],
          ['epoch', 5],
        ] as const),
      ),
    );
    raw.BJDH = phoneWritten.text;
    if (name.text !== '') raw.BJRXM = name.text;
    raw.BJRXB = caller.sex === 'male' ? '1' : rng.chance(0.9) ? '2' : '0';
    if (rng.chance(0.6)) raw.LXDH = this.phoneText(phone.number, false).text;
    if (id) raw.S_IDENTITYCARDNO = id.text;
    raw.SFDZ = `诸暨市${this.address(d.a.home, [0, 100, 0, 0])}`;
    raw.BJNR = rng.pick(d.matter.police.texts);
    if (rng.chance(0.1)) raw.BCJJNR = '报警人情绪激动';
    [raw.BJLB, raw.BJLX, raw.BJXL] = d.matter.police.codes;
    if (rng.chance(0.7)) {
      const { lat, lon } = this.coordinates(d.a.home);
      raw.ZDDWX = String(Math.round((lon - 0.0046) * 1e6) / 1e6);
      raw.ZDDWY = String(Math.round((lat + 0.0024) * 1e6) / 1e6);
    }
    raw.JQJB = rng.chance(0.9) ? '3' : '2';
    raw.GXDWBH = `${d.a.home.town.code}500`;
    raw.GXDWMC = `${d.a.home.town.name.replace(/(镇|街道|乡)$/, '')}派出所`;
    const result = rng.weighted([
      ['现场调解', 40],
      ['移交调解', 25],
      ['批评教育', 10],
      ['移交12345', 10],
      ['', 15],
    ]);
    if (result) {
      raw.CJJG = result;
      raw.CJSJ = stamp(at + rng.int(30, 180) * 60_000);
      raw.CJQK = rng.pick(['民警到场后双方情绪平稳', '民警到场处置，已劝解', '移交镇人民调解委员会']);
    }
    if (dsrEntries.length > 0)
      raw.DSR = dsrEntries.map((e) => e.text).join(rng.pick(['、', '、', ',', '，', ';']));
    if (rng.chance(0.03)) raw.JJYBH = `JJ${rng.digits(4)}`;
    return { raw, recordId, reference: recordId, parties, tags };
  }

  // --- petition ---

  private petitionItem(d: Dispute, at: number, earlier: Emitted[]): Draft {
    const rng = this.rng;
    const serial = ++this.serials.petition;
    const year = stamp(at).slice(0, 4);
    const recordId = `330681-${year}-${String(serial).padStart(6, '0')}`;
    const parties: TruthParty[] = [];
    const tags: string[] = [];
    const fromOrder = this.referenceTo(earlier, ['hotline-12345']);
    const petitioner = (p: Person, primary: boolean) => {
      const name = this.fullName(p);
      const entry: Record<string, unknown> = { xm: name.text, xb: p.sex === 'male' ? '男' : '女' };
      const partyTags: string[] = [];
      if (rng.chance(0.85)) {
        const id = this.idText(p.residentId);
        entry.sfzh = id.text;
        partyTags.push(...id.tags);
      }
      if (rng.chance(0.9)) {
        const phone = this.phoneText(rng.chance(0.85) ? p.mobile : (p.landline ?? p.mobile));
        entry.lxdh = phone.text;
        partyTags.push(...phone.tags);
      }
      entry.xzz = this.address(p.home);
      if (rng.chance(0.6)) entry.hjdz = `浙江省诸暨市${p.home.town.name}${p.home.place.name}`;
      entry.sfzy = rng.chance(0.8) ? primary : primary ? '是' : '否';
      parties.push(this.person(p, name, partyTags));
      return entry;
    };
    const xfr = [petitioner(d.a, true)];
    if (d.a.partner && d.matter.other !== 'partner' && rng.chance(0.15))
      xfr.push(petitioner(d.a.partner, false));
    let bxfr: Array<Record<string, unknown>> | undefined;
    let otherText = '';
    if (isPerson(d.b)) {
      if (rng.chance(0.9)) {
        const name = this.fullName(d.b);
        bxfr = [{ xm: name.text, ...(rng.chance(0.7) ? { xb: d.b.sex === 'male' ? '男' : '女' } : {}) }];
        parties.push(this.person(d.b, name));
      }
      otherText = fullNameOf(d.b);
    } else {
      bxfr = [{ dwmc: d.b.name, tyshxydm: d.b.creditCode }];
      parties.push(this.org(d.b));
      otherText = d.b.name;
    }
    const accepted = at + rng.int(0, 2) * DAY;
    const raw: Record<string, unknown> = {
      xfjbh: recordId,
      xfrq: dateText(
        at,
        rng.weighted([
          ['chinese-date', 30],
          ['date', 35],
          ['iso-space', 15],
          ['chinese-time', 8],
          ['compact-date', 6],
          ['epoch', 6],
        ] as const),
      ),
      xfxs: rng.pick(['来访', '来访', '来信', '网上信访', '电话']),
      xfrs: xfr.length,
      xfr,
    };
    if (bxfr) raw.bxfr = bxfr;
    raw.xfmd = rng.weighted([
      ['县级', 85],
      ['市级', 12],
      ['省级', 3],
    ]);
    raw.xfxz = '申诉求决';
    raw.wtlb = d.matter.petition.wtlb;
    raw.xfsq = this.fill(rng.pick(d.matter.petition.texts), { other: otherText, money: this.money() });
    raw.wtsd = {
      dz: `诸暨市${d.a.home.town.name}${d.a.home.place.name}`,
      ...(rng.chance(0.8) ? { qhdm: d.a.home.place.code } : {}),
    };
    raw.cbdw = d.a.home.town.name.endsWith('街道')
      ? `${d.a.home.town.name}办事处`
      : `${d.a.home.town.name}人民政府`;
    if (rng.chance(0.85)) raw.slrq = dateText(accepted, rng.chance(0.8) ? 'date' : 'chinese-date');
    raw.sfcf = rng.chance(0.9) ? '否' : '是';
    raw.cfcs = raw.sfcf === '是' ? 1 : 0;
    raw.state = rng.pick([2, 3, 3, 5, 6, 9]);
    if (fromOrder) {
      raw.work_id = fromOrder.reference;
      tags.push('linked');
    }
    if (rng.chance(0.03)) raw.xtbb = '2.0';
    raw.lcjl = [
      { dz: '登记', sj: dateText(at, 'iso-space'), dw: '诸暨市信访局', yj: '' },
      {
        dz: '交办',
        sj: dateText(accepted + HOUR, 'iso-space'),
        dw: '诸暨市信访局',
        yj: `交${d.a.home.town.name}办理`,
      },
    ];
    return { raw, recordId, reference: recordId, parties, tags };
  }

  // --- court ---

  private courtCase(d: Dispute, at: number, earlier: Emitted[]): Draft {
    const rng = this.rng;
    const serial = ++this.serials.court;
    const year = stamp(at).slice(0, 4);
    const preFiling = rng.chance(0.7);
    const ajlb = preFiling ? '9901' : '0301';
    const recordId = `3306${year}${ajlb}${String(serial).padStart(6, '0')}`;
    const bracket = rng.weighted([
      [['（', '）'], 50],
      [['(', ')'], 40],
      [['〔', '〕'], 10],
    ] as const);
    const ah = `${bracket[0]}${year}${bracket[1]}浙0681${preFiling ? '民诉前调' : '民初'}${serial + 100}号`;
    const referredFrom = preFiling
      ? this.referenceTo(earlier, ['police-110', 'petition', 'grid'])
      : undefined;
    const published = rng.chance(0.15);
    const parties: TruthParty[] = [];
    const roles = preFiling ? ['申请人', '被申请人'] : ['原告', '被告'];
    const naturalPerson = (p: Person, role: string): Record<string, unknown> => {
      if (published) {
        const name = this.maskedForm(p, rng.chance(0.7));
        parties.push(this.person(p, name, ['masked-id']));
        return {
          mc: name.text,
          ssdw: role,
          lx: '自然人',
          zjhm: `${p.residentId.slice(0, 6)}********${p.residentId.slice(14)}`,
          dz: this.address(p.home),
          lxdh: `${p.mobile.slice(0, 3)}****${p.mobile.slice(7)}`,
        };
      }
      const name = this.fullName(p);
      const id = rng.chance(0.85) ? this.idText(p.residentId, false) : undefined;
      parties.push(this.person(p, name, id?.tags ?? []));
      return {
        mc: name.text,
        ssdw: role,
        lx: '自然人',
        zjhm: id?.text ?? '',
        dz: rng.chance(0.85) ? this.address(p.home, [10, 50, 30, 10]) : '',
        lxdh: rng.chance(0.6) ? this.phoneText(p.mobile, false).text : '',
      };
    };
    const organisation = (o: Org, role: string): Record<string, unknown> => {
      parties.push(this.org(o));
      return { mc: o.name, ssdw: role, lx: '法人', zjhm: o.creditCode, dz: '诸暨市', lxdh: '' };
    };
    // A property company sues the resident for the fees; otherwise the complainant applies.
    const dsr =
      d.matter.other === 'property' && !isPerson(d.b)
        ? [organisation(d.b, roles[0]!), naturalPerson(d.a, roles[1]!)]
        : [
            naturalPerson(d.a, roles[0]!),
            isPerson(d.b) ? naturalPerson(d.b, roles[1]!) : organisation(d.b, roles[1]!),
          ];
    const raw: Record<string, unknown> = {
      ajbs: recordId,
      ah,
      ...(rng.chance(0.9) ? { ajlb } : {}),
      laay: d.matter.court.laay,
      larq: dateText(
        at,
        rng.weighted([
          ['date', 60],
          ['chinese-date', 15],
          ['date-slash', 10],
          ['compact-date', 10],
          ['epoch', 5],
        ] as const),
      ),
      fydm: rng.chance(0.5) ? '330681' : '浙0681',
      fymc: '诸暨市人民法院',
      dsr,
      ajzt: rng.pick(preFiling ? ['调解中', '调解中', '立案', '结案'] : ['立案', '审理中', '结案']),
      ajxx: this.fill(rng.pick(d.matter.court.texts), { money: this.money() }),
    };
    if (raw.ajzt === '结案') {
      raw.jafs = rng.pick(preFiling ? ['调解', '司法确认', '调解不成'] : ['调解', '判决', '撤诉']);
      raw.jarq = dateText(at + rng.int(10, 40) * DAY, 'date');
    }
    if (preFiling) {
      raw.wpdw = `${d.a.home.town.name}人民调解委员会`;
      if (rng.chance(0.6)) raw.sx = dateText(at + 30 * DAY, 'date');
    }
    if (referredFrom) raw.wpdjh = referredFrom.reference;
    return { raw, recordId, reference: recordId, parties, tags: referredFrom ? ['linked'] : [] };
  }

  // --- tags computed over the whole county ---

  /** A mention whose person shares the full name with another mentioned person of the same town. */
  private tagNamesakes(): void {
    const personById = new Map(this.people.map((p) => [p.id, p]));
    const byNameTown = new Map<string, Set<string>>();
    const mentioned = new Set<string>();
    for (const { truth } of this.drafts)
      for (const party of truth.parties) if (party.personId) mentioned.add(party.personId);
    for (const id of mentioned) {
      const p = personById.get(id)!;
      const key = `${fullNameOf(p)}|${p.home.town.code}`;
      byNameTown.set(key, (byNameTown.get(key) ?? new Set()).add(id));
    }
    for (const { truth } of this.drafts) {
      for (const party of truth.parties) {
        if (!party.personId) continue;
        const p = personById.get(party.personId)!;
        if (
          (byNameTown.get(`${fullNameOf(p)}|${p.home.town.code}`)?.size ?? 0) > 1 &&
          !party.tags.includes('namesake')
        )
          party.tags.push('namesake');
      }
    }
  }
}
