/**
 * Reports as the built-in adapters map them (from the shared drainage-quarrel examples, varied per test), and a
 * unified dispute built over them, for the supervision tests.
 */
import { courtAdapter } from '../../../adapters/court/index.js';
import type { BuiltinAdapter } from '../../../adapters/engine/adapter.js';
import { gridAdapter } from '../../../adapters/grid/index.js';
import { hotline12345Adapter } from '../../../adapters/hotline-12345/index.js';
import { petitionAdapter } from '../../../adapters/petition/index.js';
import { police110Adapter } from '../../../adapters/police-110/index.js';
import type { Dispute, DisputeParty, Report } from '../../../schemas/generated/types.js';

type Raw = Record<string, unknown>;

const adapters: Record<string, BuiltinAdapter> = {
  grid: gridAdapter,
  'hotline-12345': hotline12345Adapter,
  'police-110': police110Adapter,
  court: courtAdapter,
  petition: petitionAdapter,
};

/** The shared examples (../shared/sources/examples), one per source. */
export const examples = {
  grid: {
    serialNumber: 'WG3306811092900032024030500007',
    subject: '枫源村3组排水沟纠纷',
    issueContent: '张伟反映邻居李强家新修围墙堵塞了共用排水沟，雨天积水倒灌进张家院子，双方多次争吵。',
    occurDate: '2024-03-05 09:10:00',
    occurOrgCode: '330681109290003',
    occurOrgName: '枫源村第三网格',
    occurLocation: '枫桥镇枫源村三组12号',
    mainCharacters: '张伟、李强',
    relatePeopleCount: 2,
    issueKind: '个体性事件',
    issueTypeDomain: '矛盾纠纷',
    issueType: '邻里纠纷',
    emergencyLevel: '一般',
    sourceKind: '网格员巡查',
    status: '办理中',
    reporter: { name: '陈静', mobile: '13905750001' },
    steps: [
      { action: '受理', time: '2024-03-05 09:30:00', org: '枫源村', user: '陈静', comment: '已现场查看' },
    ],
  },
  'hotline-12345': {
    formId: 'F20240306000381',
    busiNumber: 'ZJ2403060381',
    createTime: '2024/3/6 10:02',
    planTime: '2024-03-13 18:00:00',
    cusName: '张先生',
    cusPhone: '+86 13812345678',
    formTypeName: '投诉',
    formOriginName: '电话',
    jjcdName: '一般',
    title: '邻居围墙堵塞排水沟',
    contentText:
      '来电人反映诸暨市枫桥镇枫源村3组邻居李某新建围墙把两家共用的排水沟堵了，下雨水进院子，要求相关部门协调处理。',
    businessTypeName: '社会治安',
    businessTypeChildName: '邻里纠纷',
    businessTypeGrandsonName: '相邻关系',
    areaName: '诸暨市枫桥镇',
    busiAddress: '枫源村三组',
    formStatusName: '已派单',
    handleUnit: '枫桥镇人民政府',
    steps: [
      { action: '受理', time: '2024-03-06 10:02:00', fromUnit: '12345中心', toUnit: '12345中心' },
      { action: '派单', time: '2024-03-06 10:40:00', fromUnit: '12345中心', toUnit: '枫桥镇人民政府' },
    ],
    satisfaction: null,
  },
  'police-110': {
    JJDBH: '3306812024031300456',
    XZQHBH: '330681',
    BJSJ: '20240313193522',
    BJDH: '13905759999',
    BJRXM: '王女士',
    BJRXB: '2',
    SFDZ: '诸暨市枫桥镇枫源村3组',
    BJNR: '报警人称丈夫与邻居因排水沟问题发生推搡',
    BJLB: '200200',
    BJLX: '200200',
    BJXL: '200201',
    JQJB: '3',
    GXDWMC: '枫桥派出所',
    CJJG: '移交调解',
    CJSJ: '20240313210500',
    CJQK: '民警到场后双方情绪平稳，移交镇人民调解委员会',
    DSR: '李强(330681197907220036)、张伟',
  },
  court: {
    ajbs: '330620249901000825',
    ah: '（2024）浙0681民诉前调595号',
    ajlb: '9901',
    laay: '相邻用水、排水纠纷',
    larq: '2024-03-15',
    fydm: '浙0681',
    fymc: '诸暨市人民法院',
    dsr: [
      { mc: '张伟', ssdw: '申请人', lx: '自然人', dz: '浙江省诸暨市枫桥镇枫源村三组12号' },
      { mc: '李强', ssdw: '被申请人', lx: '自然人', dz: '诸暨市枫桥镇枫源村3组14号' },
    ],
    ajzt: '调解中',
    ajxx: '申请人与被申请人系邻居，因被申请人修建围墙堵塞共用排水沟引发纠纷。',
    wpdw: '枫桥镇人民调解委员会',
    wpdjh: '3306812024031300456',
    sx: '2024-04-14',
  },
  petition: {
    xfjbh: '330681-2024-000123',
    xfrq: '2024年3月20日',
    xfxs: '来访',
    xfrs: 1,
    xfr: [{ xm: '张伟', xb: '男', xzz: '枫桥镇枫源村三组12号', sfzy: true }],
    bxfr: [{ xm: '李强', xb: '男' }],
    xfmd: '县级',
    xfxz: '申诉求决',
    wtlb: ['政法', '邻里纠纷'],
    xfsq: '反映邻居李强修围墙堵住排水沟，已找过村里和12345，问题仍未解决，要求拆除围墙恢复排水。',
    wtsd: { dz: '诸暨市枫桥镇枫源村', qhdm: '330681109290' },
    cbdw: '枫桥镇人民政府',
    slrq: '2024-03-21',
    sfcf: '否',
    cfcs: 0,
    state: 3,
    work_id: 'ZJ2403060381',
    lcjl: [
      { dz: '登记', sj: '2024-03-20 15:00:00', dw: '诸暨市信访局', yj: '' },
      { dz: '交办', sj: '2024-03-21 09:00:00', dw: '诸暨市信访局', yj: '交枫桥镇办理' },
    ],
  },
} satisfies Record<string, Raw>;

export type SourceName = keyof typeof examples;

/**
 * The source's example with `changes` applied (a key set to undefined is removed), mapped by its adapter.
 * Throws when the adapter rejects it, so a test never runs on a report it did not get.
 */
export function reportFrom(source: SourceName, changes: Raw = {}): Report {
  const raw: Raw = { ...examples[source], ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete raw[key];
  const result = adapters[source]!.map(raw, { receivedAt: '2024-03-06T12:00:00+08:00' });
  if (!result.ok) throw new Error(`${source} rejected the record: ${JSON.stringify(result.errors)}`);
  return result.report;
}

export const PARTY_ZHANG = 'per_ZHANGWEI';
export const PARTY_LI = 'per_LIQIANG';

const settled = new Set(['resolved', 'closed']);

/**
 * A unified dispute over `reports` as resolution would derive it: status from the most recently active report,
 * timeline merged, first/last report times, location the finest given, and the two neighbours as parties.
 */
export function disputeOf(reports: Report[], overrides: Partial<Dispute> = {}): Dispute {
  const byTime = [...reports].sort((a, b) => Date.parse(a.reportedAt) - Date.parse(b.reportedAt));
  const activity = (r: Report) =>
    Math.max(
      ...[r.status.since, r.reportedAt, ...r.steps.map((s) => s.at)]
        .filter((t): t is string => Boolean(t))
        .map(Date.parse),
    );
  const current = [...reports].sort((a, b) => activity(a) - activity(b)).at(-1)!;
  const location = [...reports]
    .map((r) => r.location)
    .filter((l) => l?.divisionCode)
    .sort((a, b) => (b?.divisionCode?.length ?? 0) - (a?.divisionCode?.length ?? 0))[0];
  const parties: DisputeParty[] = [
    { personId: PARTY_ZHANG, displayName: '张伟', roles: ['complainant'] },
    { personId: PARTY_LI, displayName: '李强', roles: ['respondent'] },
  ];
  return {
    id: 'dsp_01TESTDISPUTE',
    category: byTime[0]!.category,
    status: current.status,
    ...(location ? { location } : {}),
    parties,
    reports: byTime.map((r) => ({
      sourceId: r.sourceId,
      sourceRecordId: r.sourceRecordId,
      channel: r.channel,
      reportedAt: r.reportedAt,
      linkedBy: { method: 'new-entity', decidedBy: 'machine', decidedAt: r.reportedAt },
    })),
    steps: byTime
      .flatMap((r) => r.steps.map((s) => ({ ...s, sourceId: r.sourceId, sourceRecordId: r.sourceRecordId })))
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
    channels: [...new Set(byTime.map((r) => r.channel))],
    firstReportedAt: byTime[0]!.reportedAt,
    lastReportedAt: byTime.at(-1)!.reportedAt,
    ...(settled.has(current.status.code) && current.status.since ? { resolvedAt: current.status.since } : {}),
    version: 1,
    ...overrides,
  };
}

/** Runs `fn` with the process in another time zone (Node reads TZ on every date operation). */
export function inTimeZone<T>(tz: string, fn: () => T): T {
  const previous = process.env.TZ;
  process.env.TZ = tz;
  try {
    return fn();
  } finally {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  }
}
