/** Deterministic, seeded generator of realistic 12345 work orders (工单) as /work/shared/sources/hotline-12345.md describes them. */
import { readFileSync } from 'node:fs';

export type WorkOrder = Record<string, unknown>;

export interface HotlineGeneratorOptions {
  /** Same seed, same orders (for a given generator version). */
  seed?: number;
  /** Share of orders carrying cusIdCard; the contract says about one in five. */
  idCardRate?: number;
  /** How many distinct callers the orders are drawn from, as a share of the orders asked for (repeat callers). */
  callersPerOrder?: number;
  /** Orders are dated within this window (Beijing time). */
  from?: string;
  days?: number;
}

// --- seeded randomness ------------------------------------------------------------------------------------------

/** sfc32: small, fast and good enough for test data; seeded through splitmix32 so nearby seeds diverge. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.float();
  }

  /** Uniform in [0, 1). */
  float(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)]!;
  }

  /** Picks by weight: `[[value, weight], ...]`. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = this.float() * total;
    for (const [value, w] of items) {
      r -= w;
      if (r < 0) return value;
    }
    return items[items.length - 1]![0];
  }

  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
}

// --- resident ID numbers (GB 11643-1999) ---------------------------------------------------------------------

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheckChars = '10X98765432';

/** The GB 11643 check character of the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * idWeights[i]!;
  return idCheckChars[sum % 11]!;
}

export function isValidResidentId(id: string): boolean {
  const upper = id.toUpperCase();
  return /^\d{17}[\dX]$/.test(upper) && residentIdCheckChar(upper.slice(0, 17)) === upper[17];
}

// --- reference data ---------------------------------------------------------------------------------------------

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
}

/** The towns and villages of 诸暨市 (330681) from the hub's division catalogue (NBS 2023 codes). */
function loadTowns(): Town[] {
  const url = new URL('../../adapters/engine/data/divisions.json', import.meta.url);
  const { divisions } = JSON.parse(readFileSync(url, 'utf8')) as { divisions: Division[] };
  const towns = divisions.filter((d) => d.level === 'town' && d.parentCode === '330681');
  return towns
    .map((t) => ({ code: t.code, name: t.name, villages: divisions.filter((d) => d.parentCode === t.code) }))
    .filter((t) => t.villages.length > 0);
}

/** Common surnames, weighted towards those frequent in 诸暨 (陈, 王, 杨, 何, 周, 宣, 郦, 斯, 楼, 寿, 骆, 赵). */
const surnames: ReadonlyArray<readonly [string, number]> = [
  ['陈', 10],
  ['王', 9],
  ['杨', 6],
  ['何', 5],
  ['周', 5],
  ['张', 5],
  ['李', 5],
  ['赵', 4],
  ['宣', 3],
  ['郦', 2],
  ['斯', 2],
  ['楼', 3],
  ['寿', 2],
  ['骆', 2],
  ['黄', 3],
  ['吴', 3],
  ['徐', 3],
  ['孙', 2],
  ['朱', 2],
  ['俞', 2],
  ['蒋', 2],
  ['金', 2],
  ['钱', 1],
  ['冯', 1],
  ['郭', 1],
  ['马', 1],
  ['丁', 1],
  ['边', 1],
  ['章', 1],
  ['毛', 1],
];
const maleGiven = [
  '伟',
  '强',
  '军',
  '勇',
  '杰',
  '建国',
  '国强',
  '志明',
  '海峰',
  '建华',
  '立新',
  '明',
  '浩',
  '宇航',
  '子涵',
  '俊杰',
  '永祥',
  '建军',
  '卫东',
  '金根',
];
const femaleGiven = [
  '芳',
  '敏',
  '静',
  '丽',
  '娟',
  '秀英',
  '桂英',
  '玉兰',
  '丽华',
  '晓燕',
  '美玲',
  '雅琴',
  '欣怡',
  '梦婷',
  '佳怡',
  '彩凤',
  '小红',
  '亚萍',
  '春燕',
  '雪芬',
];
/** Simplified → traditional for the characters above that differ, for the occasional operator typing 繁體. */
const traditional: Record<string, string> = {
  张: '張',
  陈: '陳',
  杨: '楊',
  郦: '酈',
  骆: '駱',
  赵: '趙',
  黄: '黃',
  吴: '吳',
  孙: '孫',
  蒋: '蔣',
  钱: '錢',
  马: '馬',
  伟: '偉',
  强: '強',
  军: '軍',
  国: '國',
  华: '華',
  杰: '傑',
  宇: '宇',
  航: '航',
  卫: '衛',
  东: '東',
  静: '靜',
  丽: '麗',
  娟: '娟',
  兰: '蘭',
  晓: '曉',
  燕: '燕',
  玲: '玲',
  梦: '夢',
  红: '紅',
  凤: '鳳',
  亚: '亞',
};
const minorityNames: ReadonlyArray<readonly [string, string, '男' | '女']> = [
  ['阿依古丽', '买买提', '女'],
  ['买买提', '艾力', '男'],
  ['古丽娜', '热合曼', '女'],
  ['艾合买提', '吐尔逊', '男'],
  ['扎西', '次仁', '男'],
];
const middleDots = ['·', '•', '.', '·'];
const mobilePrefixes = [
  '130',
  '131',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '157',
  '158',
  '159',
  '177',
  '180',
  '181',
  '187',
  '188',
  '189',
  '199',
];

interface Category {
  path: readonly [string, string, string];
  weight: number;
  /** Title i goes with narrative i (the last title with the rest); {place} {cp} {n} {money} are filled in. */
  titles: readonly string[];
  narratives: readonly string[];
  departments: readonly string[];
}

const categories: readonly Category[] = [
  {
    path: ['社会治安', '邻里纠纷', '相邻关系'],
    weight: 10,
    titles: ['邻居围墙堵塞排水沟', '相邻通道被占用', '邻居房屋滴水纠纷'],
    narratives: [
      '来电人反映{place}{cp}新建围墙把两家共用的排水沟堵了，下雨水进院子，要求相关部门协调处理。',
      '来电人反映{place}{cp}在两家之间的通道上堆放杂物、搭建棚子，影响其正常通行，多次协商未果，要求协调。',
      '来电人称{place}{cp}家新建房屋滴水落到其屋顶，双方为此发生争吵，希望村里出面调解。',
    ],
    departments: [],
  },
  {
    path: ['社会治安', '邻里纠纷', '噪音扰民'],
    weight: 8,
    titles: ['楼上邻居夜间噪音扰民', '邻居装修噪音扰民'],
    narratives: [
      '来电人反映{place}{cp}每天深夜十一点后仍有敲击、拖动家具的声音，严重影响休息，沟通无果，要求处理。',
      '来电人反映{place}{cp}家装修周末早上七点就开始施工，噪音很大，要求相关部门督促其按规定时间施工。',
    ],
    departments: ['市综合行政执法局'],
  },
  {
    path: ['城乡建设', '物业管理', '物业服务纠纷'],
    weight: 9,
    titles: ['小区电梯长期故障', '物业费收取争议', '物业公司不作为'],
    narratives: [
      '来电人反映{place}小区电梯故障已{n}天无人维修，老人上下楼困难，物业公司一直推诿，要求督促处理。',
      '来电人反映{place}小区物业公司擅自上调物业费，业主不认可，物业以停水停电相威胁，要求相关部门介入。',
      '来电人反映{place}小区地下车库长期积水，物业不处理，要求协调。',
    ],
    departments: ['市住房和城乡建设局'],
  },
  {
    path: ['劳动保障', '欠薪', '农民工工资'],
    weight: 8,
    titles: ['工地拖欠农民工工资', '讨要工资无果'],
    narratives: [
      '来电人反映其在{place}某工地做木工，包工头{cp}拖欠其及工友{n}人工资共计约{money}元，多次讨要未果，要求帮助追讨。',
      '来电人称在{place}一家袜厂上班，离职后老板{cp}一直不结算最后两个月工资约{money}元，要求处理。',
    ],
    departments: ['市人力资源和社会保障局'],
  },
  {
    path: ['劳动保障', '劳动关系', '劳动争议'],
    weight: 4,
    titles: ['单位未签劳动合同', '工伤待遇争议'],
    narratives: [
      '来电人反映其在{place}一家企业工作{n}个月，单位一直未签订劳动合同也未缴纳社保，要求维权。',
      '来电人称在{place}厂里上班时手被机器压伤，老板{cp}不肯承担医药费，要求协调工伤待遇。',
    ],
    departments: ['市人力资源和社会保障局'],
  },
  {
    path: ['环境保护', '环境污染', '噪声污染'],
    weight: 4,
    titles: ['企业夜间生产噪声扰民', '工厂排放异味'],
    narratives: [
      '来电人反映{place}附近一家加工厂夜间生产，机器噪声很大，周边居民无法休息，要求查处。',
      '来电人反映{place}附近工厂排放刺鼻气味，晚上尤其明显，要求环保部门检查。',
    ],
    departments: ['绍兴市生态环境局诸暨分局'],
  },
  {
    path: ['农业农村', '土地管理', '宅基地纠纷'],
    weight: 4,
    titles: ['建房占用宅基地', '宅基地界址争议'],
    narratives: [
      '来电人反映{place}{cp}建房时越过界址占用了其家宅基地约{n}平方米，双方争执不下，要求村里和镇里处理。',
    ],
    departments: [],
  },
  {
    path: ['农业农村', '村务管理', '村务公开'],
    weight: 3,
    titles: ['村务账目不公开', '集体资产收益分配不公'],
    narratives: [
      '来电人反映{place}村里土地流转款去向不明，账目多年未公开，村民有意见，要求镇里核查。',
      '来电人反映{place}村集体资产出租收益分配不公，要求公开村务。',
    ],
    departments: [],
  },
  {
    path: ['城乡建设', '征收拆迁', '拆迁安置'],
    weight: 2,
    titles: ['拆迁安置补偿争议'],
    narratives: ['来电人反映其在{place}的房屋被列入征收范围，认为评估价格偏低、安置房迟迟未交付，要求答复。'],
    departments: ['市住房和城乡建设局'],
  },
  {
    path: ['市场监管', '消费维权', '消费纠纷'],
    weight: 5,
    titles: ['预付卡商家跑路', '购买商品质量问题退货难'],
    narratives: [
      '来电人反映在{place}一家健身房办理预付卡{money}元，现商家关门联系不上，要求退款。',
      '来电人反映在{place}某家电商场购买的空调安装后不制冷，商家拒绝退换，要求处理。',
    ],
    departments: ['市市场监督管理局'],
  },
  {
    path: ['交通运输', '交通事故', '交通事故'],
    weight: 2,
    titles: ['交通事故赔偿纠纷'],
    narratives: ['来电人称其电动车在{place}路口被{cp}驾驶的小车撞倒，对方不肯赔偿医药费，要求协调。'],
    departments: ['市公安局交通警察大队'],
  },
  {
    path: ['社会治安', '家庭纠纷', '婚姻家庭纠纷'],
    weight: 2,
    titles: ['家庭矛盾求助', '赡养老人纠纷'],
    narratives: [
      '来电人称与丈夫因家庭琐事经常争吵，对方酒后有摔东西行为，要求{place}妇联和村里调解。',
      '来电人反映{place}其父母年老多病，几个子女互相推诿不肯赡养，要求村里协调。',
    ],
    departments: [],
  },
  {
    path: ['城市管理', '市容环境', '占道经营'],
    weight: 4,
    titles: ['流动摊贩占道经营', '店铺占道堆放'],
    narratives: ['来电人反映{place}路边早晚有摊贩占道经营，影响通行，垃圾乱扔，要求整治。'],
    departments: ['市综合行政执法局'],
  },
  {
    path: ['劳动保障', '社会保险', '医保报销'],
    weight: 4,
    titles: ['医保异地报销咨询', '灵活就业社保缴费咨询'],
    narratives: [
      '来电人咨询在外地住院的医疗费用回{place}如何办理医保报销，需要哪些材料。',
      '来电人咨询灵活就业人员社保缴费基数和办理地点。',
    ],
    departments: ['市医疗保障局', '市人力资源和社会保障局'],
  },
  {
    path: ['公共服务', '政策咨询', '政策咨询'],
    weight: 5,
    titles: ['子女入学政策咨询', '新生儿落户咨询', '公积金提取咨询'],
    narratives: [
      '来电人咨询子女在{place}入学需要办理哪些手续。',
      '来电人咨询新生儿落户的办理流程和所需材料。',
      '来电人咨询购房提取公积金的条件。',
    ],
    departments: ['市公安局', '市教育体育局', '绍兴市住房公积金中心诸暨分中心'],
  },
  {
    path: ['教育', '校园安全', '校园纠纷'],
    weight: 1,
    titles: ['孩子在校被同学欺负'],
    narratives: ['来电人反映其孩子在{place}某小学多次被同学{cp}欺负，学校处理不力，要求教育部门介入。'],
    departments: ['市教育体育局'],
  },
];

const formTypes: ReadonlyArray<readonly [string, number]> = [
  ['投诉', 35],
  ['求助', 25],
  ['咨询', 18],
  ['举报', 8],
  ['建议', 7],
  ['表扬', 2],
  ['其他', 5],
];
const origins: ReadonlyArray<readonly [string, number]> = [
  ['电话', 70],
  ['网站', 6],
  ['微信', 12],
  ['APP', 6],
  ['短信', 2],
  ['110转办', 4],
];
const urgencies: ReadonlyArray<readonly [string, number]> = [
  ['一般', 85],
  ['紧急', 12],
  ['特急', 3],
];
/** How far along the lifecycle an order is when this copy of it is sent. */
const stages: ReadonlyArray<readonly [Stage, number]> = [
  ['待受理', 3],
  ['已受理', 5],
  ['已派单', 14],
  ['已签收', 10],
  ['办理中', 14],
  ['退单', 4],
  ['已办结', 20],
  ['已回访', 22],
  ['已归档', 8],
];
type Stage = '待受理' | '已受理' | '已派单' | '已签收' | '办理中' | '退单' | '已办结' | '已回访' | '已归档';

// --- callers ------------------------------------------------------------------------------------------------

interface Caller {
  surname: string;
  given: string;
  sex: '男' | '女';
  /** A minority name: given·family. */
  minority?: string;
  mobile: string;
  landline?: string;
  /** The resident ID, when this caller ever gives it. */
  residentId?: string;
  home: { town: Town; village: Division };
}

// --- the generator --------------------------------------------------------------------------------------------

const hour = 3_600_000;
const day = 24 * hour;
const beijing = 8 * hour;

export class HotlineWorkOrderGenerator {
  private readonly rng: Rng;
  private readonly towns: Town[];
  private readonly callers: Caller[] = [];
  /** Share of callers who own an ID number they sometimes give, and how often they give it. */
  private readonly idOwnerRate: number;
  private readonly idGiveRate: number;
  private readonly callersPerOrder: number;
  private readonly from: number;
  private readonly days: number;
  private serial = 0;

  constructor(options: HotlineGeneratorOptions = {}) {
    this.rng = new Rng(options.seed ?? 12345);
    this.towns = loadTowns();
    if (this.towns.length === 0) throw new Error('the division catalogue holds no towns under 330681');
    const idCardRate = Math.min(1, Math.max(0, options.idCardRate ?? 0.2));
    this.idOwnerRate = Math.min(1, idCardRate * 1.5);
    this.idGiveRate = this.idOwnerRate > 0 ? idCardRate / this.idOwnerRate : 0;
    this.callersPerOrder = options.callersPerOrder ?? 0.7;
    this.from = Date.parse(`${options.from ?? '2024-03-01'}T00:00:00+08:00`);
    this.days = options.days ?? 90;
  }

  /** `count` orders, each with a distinct formId. */
  take(count: number): WorkOrder[] {
    const orders: WorkOrder[] = [];
    for (let i = 0; i < count; i++) orders.push(this.next());
    return orders;
  }

  next(): WorkOrder {
    const rng = this.rng;
    this.serial++;
    const caller = this.callerFor();
    const category = rng.weighted(categories.map((c) => [c, c.weight] as const));
    let formType = rng.weighted(formTypes);
    if (category.path[1] === '政策咨询' || category.path[1] === '社会保险')
      formType = rng.chance(0.85) ? '咨询' : '求助';
    const origin = rng.weighted(origins);
    const urgency = rng.weighted(urgencies);
    const stage = rng.weighted(stages);

    // Mostly where the caller lives, sometimes elsewhere in the county.
    const town = rng.chance(0.8) ? caller.home.town : rng.pick(this.towns);
    const village =
      town === caller.home.town && rng.chance(0.85) ? caller.home.village : rng.pick(town.villages);
    const place = this.placeText(town, village);
    const counterparty = this.counterpartyText();

    const created =
      this.from +
      rng.int(0, this.days - 1) * day +
      rng.weighted([
        [rng.int(7, 11), 45],
        [rng.int(12, 17), 40],
        [rng.int(18, 22), 13],
        [rng.int(0, 6), 2],
      ]) *
        hour +
      rng.int(0, 59) * 60_000 +
      rng.int(0, 59) * 1000;
    const handleUnit = this.handleUnitFor(category, town);
    const steps = this.stepsFor(stage, created, handleUnit);
    const withIdCard = caller.residentId !== undefined && rng.chance(this.idGiveRate);
    const date = stamp(created);
    const order: WorkOrder = {
      formId: `F${date.slice(0, 8)}${String(this.serial).padStart(6, '0')}`,
      busiNumber: `ZJ${date.slice(2, 8)}${String(this.serial).padStart(7, '0')}`,
      createTime: this.dateText(created),
    };
    if (rng.chance(0.75))
      order.planTime = this.dateText(
        endOfDay(
          created +
            rng.weighted([
              [1, 20],
              [3, 20],
              [5, 30],
              [7, 20],
              [15, 10],
            ]) *
              day,
        ),
      );
    const { name, sex } = this.nameFor(caller);
    const confidential = rng.chance(0.05);
    order.incomingPhone =
      origin === '电话' || origin === '110转办'
        ? this.phoneText(rng.chance(0.15) && caller.landline ? caller.landline : caller.mobile)
        : '';
    order.cusName = name;
    order.cusSex = sex;
    order.cusPhone = rng.chance(0.92) ? this.phoneText(caller.mobile) : '';
    if (withIdCard) order.cusIdCard = this.idText(caller.residentId!);
    order.confidential = rng.chance(0.3) ? confidential : confidential ? '是' : '否';
    order.formTypeName = formType;
    order.formOriginName = origin;
    order.jjcdName = urgency;
    const matter = rng.int(0, category.narratives.length - 1);
    order.title = category.titles[Math.min(matter, category.titles.length - 1)]!;
    order.contentText = this.narrative(category.narratives[matter]!, place.narrative, counterparty);
    order.businessTypeName = category.path[0];
    order.businessTypeChildName = category.path[1];
    order.businessTypeGrandsonName = category.path[2];
    order.areaName = rng.chance(0.9) ? `诸暨市${town.name}` : town.name;
    const areaCode = rng.weighted<string | undefined>([
      [undefined, 30],
      ['330681', 15],
      [town.code, 30],
      [village.code, 25],
    ]);
    if (areaCode) order.areaCode = areaCode;
    order.busiAddress = place.address;
    order.formStatusName = stage;
    order.handleUnit = stage === '待受理' || stage === '已受理' ? '' : handleUnit;
    order.steps = steps;
    order.satisfaction = null;
    if (stage === '已回访' || stage === '已归档') {
      order.satisfaction = rng.weighted([
        ['满意', 70],
        ['基本满意', 20],
        ['不满意', 10],
      ]);
      if (order.satisfaction === '不满意' && rng.chance(0.5))
        order.unsatisfyAppeal = '已按政策答复，诉求超出职权范围，申请不纳入考核。';
    }
    if (origin === '110转办' || rng.chance(0.01))
      order.linked110 = `330681${date.slice(0, 8)}${rng.digits(5)}`;
    if (rng.chance(0.03)) order.extSystemVersion = 'v3.2.1';
    return order;
  }

  /** A repeat caller about 30% of the time, drawn towards the first callers (a few people call often). */
  private callerFor(): Caller {
    const rng = this.rng;
    const capacity = Math.max(1, Math.round(this.serial * this.callersPerOrder));
    if (this.callers.length > 0 && (this.callers.length >= capacity || rng.chance(0.3))) {
      const skew = rng.float() ** 2;
      return this.callers[Math.floor(skew * this.callers.length)]!;
    }
    const sex: '男' | '女' = rng.chance(0.55) ? '男' : '女';
    const town = rng.pick(this.towns);
    const caller: Caller = {
      surname: rng.weighted(surnames),
      given: rng.pick(sex === '男' ? maleGiven : femaleGiven),
      sex,
      mobile: `${rng.pick(mobilePrefixes)}${rng.digits(8)}`,
      home: { town, village: rng.pick(town.villages) },
    };
    if (rng.chance(0.01)) {
      const [given, family, s] = rng.pick(minorityNames);
      caller.minority = `${given}|${family}`;
      caller.sex = s;
    }
    if (rng.chance(0.2)) caller.landline = `0575${rng.pick(['8', '8', '8', '5'])}${rng.digits(7)}`;
    // Some callers own an ID number they give two times in three; orders carry one at idCardRate overall.
    if (rng.chance(this.idOwnerRate)) caller.residentId = this.residentIdFor(caller);
    this.callers.push(caller);
    return caller;
  }

  private residentIdFor(caller: Caller): string {
    const rng = this.rng;
    const region = rng.weighted([
      [caller.home.town.code.slice(0, 6), 80],
      ['330602', 4],
      ['330603', 4],
      ['330683', 4],
      [rng.pick(['340321', '511623', '522424', '411528', '430524']), 8],
    ]);
    const born = Date.UTC(1945, 0, 1) + rng.int(0, 60 * 365) * day;
    const birth = new Date(born).toISOString().slice(0, 10).replaceAll('-', '');
    const seq =
      rng.digits(2) + String(caller.sex === '男' ? rng.pick([1, 3, 5, 7, 9]) : rng.pick([0, 2, 4, 6, 8]));
    const first17 = region + birth + seq;
    return first17 + residentIdCheckChar(first17);
  }

  /** The caller's ID as the operator typed it: mostly clean, sometimes lower-case x, legacy, masked or mistyped. */
  private idText(id: string): string {
    const rng = this.rng;
    const variant = rng.weighted([
      ['clean', 88],
      ['legacy', 3],
      ['masked', 3],
      ['typo', 3],
      ['spaced', 3],
    ] as const);
    switch (variant) {
      case 'legacy':
        return id.slice(0, 6) + id.slice(8, 17);
      case 'masked':
        return `${id.slice(0, 6)}********${id.slice(14)}`;
      case 'typo': {
        const at = rng.int(6, 16);
        const wrong = String((Number(id[at]) + rng.int(1, 8)) % 10);
        return id.slice(0, at) + wrong + id.slice(at + 1);
      }
      case 'spaced':
        return ` ${id} `;
      default:
        return id.endsWith('X') && rng.chance(0.5) ? `${id.slice(0, 17)}x` : id;
    }
  }

  private nameFor(caller: Caller): { name: string; sex: string } {
    const rng = this.rng;
    const sex = rng.chance(0.9) ? caller.sex : '';
    if (caller.minority) {
      const [given, family] = caller.minority.split('|') as [string, string];
      return { name: `${given}${rng.pick(middleDots)}${family}`, sex };
    }
    const form = rng.weighted([
      ['honorific', 55],
      ['full', 25],
      ['elder', 4],
      ['masked', 5],
      ['traditional', 2],
      ['empty', 7],
      ['spaced', 2],
    ] as const);
    const full = caller.surname + caller.given;
    switch (form) {
      case 'honorific':
        return { name: caller.surname + (caller.sex === '男' ? '先生' : '女士'), sex };
      case 'elder':
        return {
          name:
            caller.surname + (caller.sex === '男' ? rng.pick(['大爷', '师傅']) : rng.pick(['阿姨', '大妈'])),
          sex,
        };
      case 'masked':
        return { name: caller.surname + rng.pick(['某', '某某', '*', '**']), sex };
      case 'traditional':
        return { name: [...full].map((c) => traditional[c] ?? c).join(''), sex };
      case 'empty':
        return { name: '', sex: rng.chance(0.5) ? '' : sex };
      case 'spaced':
        return { name: `${full}${rng.pick([' ', '\t', '\n'])}`, sex };
      default:
        return { name: full, sex };
    }
  }

  /** One phone in one of the contract's forms. */
  private phoneText(number: string): string {
    const rng = this.rng;
    if (number.startsWith('0575')) {
      return rng.chance(0.6) ? `0575-${number.slice(4)}` : number;
    }
    const form = rng.weighted([
      ['plain', 55],
      ['spaced', 10],
      ['dashed', 10],
      ['plus86', 8],
      ['0086', 4],
      ['masked', 5],
      ['fullwidth', 3],
      ['several', 5],
    ] as const);
    switch (form) {
      case 'spaced':
        return `${number.slice(0, 3)} ${number.slice(3, 7)} ${number.slice(7)}`;
      case 'dashed':
        return `${number.slice(0, 3)}-${number.slice(3, 7)}-${number.slice(7)}`;
      case 'plus86':
        return `+86 ${number}`;
      case '0086':
        return `0086${number}`;
      case 'masked':
        return `${number.slice(0, 3)}****${number.slice(7)}`;
      case 'fullwidth':
        return [...number].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
      case 'several':
        return `${number}，0575-${rng.pick(['8', '8', '5'])}${rng.digits(7)}`;
      default:
        return number;
    }
  }

  /** A date in one of the contract's forms (Beijing time when no zone is written). */
  private dateText(at: number): string | number {
    const s = stamp(at);
    const [y, mo, d, h, mi, se] = [
      s.slice(0, 4),
      s.slice(4, 6),
      s.slice(6, 8),
      s.slice(8, 10),
      s.slice(10, 12),
      s.slice(12, 14),
    ];
    const form = this.rng.weighted([
      ['iso-space', 50],
      ['iso-offset', 12],
      ['slash', 14],
      ['chinese-time', 8],
      ['compact', 8],
      ['epoch', 6],
      ['chinese-date', 1],
      ['compact-date', 1],
    ] as const);
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
      case 'chinese-date':
        return `${y}年${Number(mo)}月${Number(d)}日`;
      case 'compact-date':
        return s.slice(0, 8);
      default:
        return `${y}-${mo}-${d} ${h}:${mi}:${se}`;
    }
  }

  private placeText(town: Town, village: Division): { narrative: string; address: string } {
    const rng = this.rng;
    const isCommunity = village.name.endsWith('社区');
    const n = rng.int(1, 12);
    const detail = isCommunity
      ? `${rng.int(1, 40)}${rng.pick(['幢', '栋'])}${rng.int(1, 4)}单元${rng.int(1, 18)}0${rng.int(1, 4)}室`
      : rng.chance(0.5)
        ? `${rng.chance(0.5) ? chineseNumber(n) : n}组`
        : `${rng.int(1, 200)}号`;
    const prefix = rng.weighted([
      ['', 40],
      [town.name, 35],
      [`诸暨市${town.name}`, 20],
      [`浙江省绍兴市诸暨市${town.name}`, 5],
    ]);
    return {
      narrative: `诸暨市${town.name}${village.name}${rng.chance(0.6) ? detail : ''}`,
      address: rng.chance(0.1) ? village.name : `${prefix}${village.name}${detail}`,
    };
  }

  private counterpartyText(): string {
    const rng = this.rng;
    const surname = rng.weighted(surnames);
    return rng.weighted([
      [`邻居${surname}某`, 30],
      [`隔壁${surname}某某`, 10],
      [`楼上邻居${surname}某`, 10],
      [`${surname}某`, 30],
      [`${surname}${rng.pick(['先生', '女士', '老板'])}`, 20],
    ]);
  }

  private narrative(template: string, place: string, counterparty: string): string {
    const rng = this.rng;
    return template
      .replaceAll('{place}', place)
      .replaceAll('{cp}', counterparty)
      .replaceAll('{n}', String(rng.int(2, 30)))
      .replaceAll('{money}', String(rng.int(3, 120) * 1000));
  }

  private handleUnitFor(category: Category, town: Town): string {
    const own = town.name.endsWith('街道') ? `${town.name}办事处` : `${town.name}人民政府`;
    return category.departments.length > 0 && this.rng.chance(0.6)
      ? this.rng.pick(category.departments)
      : own;
  }

  /** The steps that lead to `stage`, in time order, with the occasional return, extension request or supervision. */
  private stepsFor(stage: Stage, created: number, unit: string): Array<Record<string, string>> {
    const rng = this.rng;
    const operator = `坐席${String(rng.int(1, 60)).padStart(3, '0')}`;
    const officer = `${rng.weighted(surnames)}${rng.pick([...maleGiven, ...femaleGiven])}`;
    const steps: Array<Record<string, string>> = [];
    let at = created;
    const add = (
      action: string,
      fromUnit: string,
      toUnit: string,
      who: string,
      comment = '',
      gapHours = 1,
    ) => {
      at += Math.round((0.1 + rng.float()) * gapHours * hour);
      steps.push({ action, time: this.stepTime(at), fromUnit, toUnit, operator: who, comment });
    };
    if (stage === '待受理') return steps;
    steps.push({
      action: '受理',
      time: this.stepTime(at),
      fromUnit: '12345中心',
      toUnit: '12345中心',
      operator,
      comment: '',
    });
    if (stage === '已受理') return steps;
    add(
      '派单',
      '12345中心',
      unit,
      operator,
      rng.pick(['', '请核实处理', '请镇综治中心协调', '请按时限办理']),
    );
    if (stage === '退单') {
      add('退单', unit, '12345中心', officer, rng.pick(['非我单位职责，请改派', '地址不在辖区范围']), 6);
      return steps;
    }
    if (stage === '已派单') return steps;
    add('签收', unit, unit, officer, '', 3);
    if (stage === '已签收') return steps;
    if (rng.chance(0.08)) add('延期申请', unit, '12345中心', officer, '需多部门协调，申请延期5个工作日', 48);
    if (rng.chance(0.05))
      add('督办', '12345中心', unit, operator, rng.pick(['', '黄牌督办', '红牌督办']), 72);
    add('反馈', unit, '12345中心', officer, rng.pick(['已联系来电人，正在处理', '已安排人员现场查看']), 24);
    if (stage === '办理中') return steps;
    add(
      '办结',
      unit,
      '12345中心',
      officer,
      rng.pick(['已调解，双方达成一致', '已答复来电人', '已督促整改到位', '已按政策解释']),
      48,
    );
    if (stage === '已办结') return steps;
    add(
      '回访',
      '12345中心',
      '12345中心',
      operator,
      rng.pick(['来电人表示满意', '来电人认可处理结果', '']),
      24,
    );
    return steps;
  }

  /** Step times are mostly in the plain form; some systems export them in another. */
  private stepTime(at: number): string {
    const s = stamp(at);
    return this.rng.chance(0.9)
      ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)} ${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}`
      : `${s.slice(0, 4)}/${Number(s.slice(4, 6))}/${Number(s.slice(6, 8))} ${s.slice(8, 10)}:${s.slice(10, 12)}`;
  }
}

/** `yyyyMMddHHmmss` in Beijing time. */
function stamp(at: number): string {
  return new Date(at + beijing).toISOString().replace(/\D/g, '').slice(0, 14);
}

/** 18:00 Beijing time of the day `at` falls on. */
function endOfDay(at: number): number {
  return Math.floor((at + beijing) / day) * day - beijing + 18 * hour;
}

function chineseNumber(n: number): string {
  const d = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  if (n <= 10) return d[n]!;
  return `十${d[n - 10]}`;
}

/** `count` work orders from a seeded generator: the same seed gives the same orders. */
export function generateWorkOrders(count: number, options: HotlineGeneratorOptions = {}): WorkOrder[] {
  return new HotlineWorkOrderGenerator(options).take(count);
}
