import { describe, expect, it } from 'vitest';
import { validateAgainst } from '../../../functions/ingest/validate.js';
import {
  compareCategories,
  compareTimes,
  type DisputeCandidate,
  decideDispute,
  type ReportForMatching,
  scoreDisputeCandidate,
  summariseReportForMatching,
} from '../../../functions/resolution/dispute-matcher.js';
import { type JoinedReport, summariseDispute } from '../../../functions/resolution/dispute-summary.js';
import { toLinkDecision } from '../../../functions/resolution/match-weights.js';
import { normalisePersonName } from '../../../functions/resolution/normalise/name.js';
import type {
  Category,
  CategoryCode,
  Location,
  PartyMention,
  Report,
} from '../../../schemas/generated/types.js';

// Builders: reports as the adapters map them, each with the person ids its parties resolved to.

type Party = [name: string, personId: string | null, role?: PartyMention['roles'][number]];

interface ReportSpec extends Partial<Omit<Report, 'parties' | 'category'>> {
  category?: CategoryCode;
  parties?: Party[];
}

let serial = 0;
function aReport(spec: ReportSpec = {}): ReportForMatching {
  serial++;
  const { parties = [], category = '邻里', ...rest } = spec;
  const report: Report = {
    sourceId: 'hotline-12345',
    sourceRecordId: `F${serial}`,
    channel: 'hotline-12345',
    reportedAt: '2024-03-06T10:02:00+08:00',
    narrative: '',
    category: aCategory(category),
    status: { code: 'registered', sourceValue: '待受理' },
    steps: [],
    links: [],
    ...rest,
    parties: parties.map(([name, , role = 'involved']) => ({
      kind: 'person',
      roles: [role],
      name: normalisePersonName(name)!,
    })),
  };
  return { report, partyPersonIds: parties.map(([, id]) => id) };
}

function aCategory(code: CategoryCode): Category {
  return { code, sourceValue: code, isDispute: true };
}

/** A stored dispute made of reports, summarised the way the hub summarises it. */
function aDispute(id: string, ...inputs: ReportForMatching[]): DisputeCandidate {
  const joined: JoinedReport[] = inputs.map(({ report, partyPersonIds }) => ({
    ref: {
      sourceId: report.sourceId,
      sourceRecordId: report.sourceRecordId,
      channel: report.channel,
      reportedAt: report.reportedAt,
      linkedBy: { method: 'new-entity', decidedBy: 'machine', decidedAt: report.reportedAt },
    },
    report,
    partyPersonIds: [...partyPersonIds],
  }));
  return {
    dispute: summariseDispute({ id, version: 1 }, joined),
    reports: inputs.map(summariseReportForMatching),
  };
}

// The drain quarrel of shared/sources/examples, as five channels report it.
const fengyuan: Location = {
  divisionCode: '330681109290',
  gridCode: '330681109290003',
  addressText: '枫桥镇枫源村三组12号',
  coordinates: { longitude: 120.3218, latitude: 29.6512, datum: 'GCJ-02' },
};
const zhangWei: Party = ['张伟', 'per_zw'];
const liQiang: Party = ['李强', 'per_lq'];

const gridEvent = () =>
  aReport({
    sourceId: 'grid',
    sourceRecordId: 'WG3306811092900032024030500007',
    channel: 'grid',
    reportedAt: '2024-03-05T09:10:00+08:00',
    title: '枫源村3组排水沟纠纷',
    narrative: '张伟反映邻居李强家新修围墙堵塞了共用排水沟，雨天积水倒灌进张家院子，双方多次争吵。',
    location: fengyuan,
    parties: [zhangWei, liQiang],
  });
const hotlineOrder = (parties: Party[] = [['张先生', 'per_new', 'reporter']]) =>
  aReport({
    sourceRecordId: 'F20240306000381',
    referenceNumbers: ['ZJ2403060381'],
    title: '邻居围墙堵塞排水沟',
    narrative:
      '来电人反映诸暨市枫桥镇枫源村3组邻居李某新建围墙把两家共用的排水沟堵了，下雨水进院子，要求相关部门协调处理。',
    location: { divisionCode: '330681109290', addressText: '枫源村三组' },
    parties,
  });
const policeCall = () =>
  aReport({
    sourceId: 'police-110',
    sourceRecordId: '3306812024031300456',
    channel: 'police-110',
    reportedAt: '2024-03-13T19:35:22+08:00',
    narrative: '报警人称丈夫与邻居因排水沟问题发生推搡',
    location: {
      divisionCode: '330681',
      addressText: '诸暨市枫桥镇枫源村3组',
      coordinates: { longitude: 120.3221, latitude: 29.6509, datum: 'WGS-84' },
    },
    parties: [['王女士', 'per_wf', 'reporter'], liQiang, zhangWei],
  });

const levelOf = (e: ReturnType<typeof scoreDisputeCandidate>, field: string) =>
  e.fields.find((f) => f.field === field)?.level;
const weightOf = (e: ReturnType<typeof scoreDisputeCandidate>, field: string) =>
  e.fields.find((f) => f.field === field)?.weight ?? 0;

describe('scoreDisputeCandidate', () => {
  it('links the petition to the 12345 order its work_id names, before any content', () => {
    const petition = aReport({
      sourceId: 'petition',
      sourceRecordId: '330681-2024-000123',
      channel: 'petition',
      reportedAt: '2024-03-20T15:00:00+08:00',
      narrative: '要求拆除围墙恢复排水。',
      links: [
        { kind: 'hotline-work-order', field: 'work_id', value: 'ZJ2403060381', relation: 'same-matter' },
      ],
    });
    const e = scoreDisputeCandidate(petition, aDispute('dsp_1', hotlineOrder()));
    expect(e.explicitReference).toMatch(/work_id ZJ2403060381/);
    expect(levelOf(e, 'reference')).toBe('explicit');
    expect(e.decision).toBe('link');
  });

  it('links a court case to the dispute of the 110 call it was referred from (wpdjh)', () => {
    const court = aReport({
      sourceId: 'court',
      channel: 'court',
      reportedAt: '2024-03-15T00:00:00+08:00',
      narrative: '申请人与被申请人系邻居，因被申请人修建围墙堵塞共用排水沟引发纠纷。',
      links: [
        { kind: 'police-call', field: 'wpdjh', value: '3306812024031300456', relation: 'referred-from' },
      ],
    });
    expect(scoreDisputeCandidate(court, aDispute('dsp_1', policeCall())).decision).toBe('link');
  });

  it('links the 12345 call of the next day on its content: place, time, category and story', () => {
    const e = scoreDisputeCandidate(hotlineOrder(), aDispute('dsp_1', gridEvent()));
    expect(levelOf(e, 'parties')).toBe('names-compatible');
    expect(levelOf(e, 'division')).toBe('village');
    expect(levelOf(e, 'narrative')).toBe('high');
    expect(e.decision).toBe('link');
  });

  it('links the 110 call a week later by the wife, naming both neighbours', () => {
    const e = scoreDisputeCandidate(policeCall(), aDispute('dsp_1', gridEvent(), hotlineOrder()));
    expect(levelOf(e, 'parties')).toBe('several-shared');
    expect(e.decision).toBe('link');
  });

  it('keeps the March drain quarrel and the October debt quarrel apart, as related', () => {
    const debt = aReport({
      reportedAt: '2024-10-12T09:00:00+08:00',
      category: '合同借贷',
      narrative: '张伟反映2023年借给邻居李强5万元，约定年底归还，至今未还，多次催讨无果，要求协调。',
      location: { divisionCode: '330681109290', addressText: '枫源村三组12号' },
      parties: [zhangWei, liQiang],
    });
    const e = scoreDisputeCandidate(debt, aDispute('dsp_1', gridEvent(), policeCall()));
    expect(levelOf(e, 'parties')).toBe('several-shared');
    expect(levelOf(e, 'category')).toBe('incompatible');
    expect(e.decision).toBe('none');
    expect(e.relatedBecause).toMatch(/same people, different matter/);
  });

  it('keeps two different quarrels in the same building in the same week apart', () => {
    const building = (room: string): Location => ({
      divisionCode: '330681001001',
      addressText: `阳光小区3幢${room}室`,
    });
    const noise = aReport({
      reportedAt: '2024-05-06T21:00:00+08:00',
      narrative: '来电人反映楼上住户每天深夜装修噪音扰民，影响休息，要求相关部门处理。',
      location: building('401'),
      parties: [
        ['赵敏', 'per_a', 'reporter'],
        ['钱进', 'per_b'],
      ],
    });
    const leak = aReport({
      reportedAt: '2024-05-08T10:00:00+08:00',
      narrative: '来电人反映楼上卫生间漏水，渗到自家天花板，与楼上协商未果，要求协调处理。',
      location: building('302'),
      parties: [
        ['孙丽', 'per_c', 'reporter'],
        ['李刚', 'per_d'],
      ],
    });
    const e = scoreDisputeCandidate(leak, aDispute('dsp_1', noise));
    expect(levelOf(e, 'parties')).toBe('none-shared-full');
    expect(e.decision).toBe('none');
    expect(e.relatedBecause).toBeUndefined();
  });

  it('relates a frequent caller’s unrelated complaints instead of merging them', () => {
    const caller: Party = ['周建国', 'per_fc', 'reporter'];
    const parking = aReport({
      reportedAt: '2024-04-01T09:00:00+08:00',
      category: '行政执法',
      narrative: '来电人反映小区门口有车辆长期乱停放，堵塞消防通道，要求处理。',
      location: { divisionCode: '330681001001', addressText: '阳光小区' },
      parties: [caller],
    });
    const refund = aReport({
      reportedAt: '2024-04-20T09:00:00+08:00',
      category: '消费',
      narrative: '来电人反映在超市购买的电饭煲有质量问题，商家拒绝退货。',
      location: { divisionCode: '330681001001', addressText: '阳光小区' },
      parties: [caller],
    });
    const frequencyOf = (table: string, value: string) =>
      table === 'dispute-party' && value === 'per_fc' ? 25 : 0;
    const e = scoreDisputeCandidate(refund, aDispute('dsp_1', parking), { frequencyOf });
    expect(e.fields.find((f) => f.field === 'parties')?.detail).toMatch(/25 stored entities/);
    expect(e.decision).toBe('none');
    expect(e.relatedBecause).toBeDefined();
  });

  it('leaves a link to a steward when people and place agree but the matter does not (a new complaint next door)', () => {
    const caller: Party = ['高永成', 'per_fc', 'reporter'];
    const home = { divisionCode: '330681108002', addressText: '山下湖社区5幢' };
    const noiseSpec: ReportSpec = {
      reportedAt: '2024-05-16T09:00:00+08:00',
      category: '邻里',
      narrative: '来电人反映楼下棋牌室每晚喧哗到凌晨，影响休息。',
      location: home,
      parties: [caller],
    };
    const noise = aReport(noiseSpec);
    const property = aReport({
      reportedAt: '2024-06-10T09:00:00+08:00',
      category: '物业',
      narrative: '来电人反映物业公司不修电梯还要涨物业费。',
      location: home,
      parties: [caller],
    });
    const e = scoreDisputeCandidate(property, aDispute('dsp_1', noise));
    expect(e.total).toBeGreaterThanOrEqual(e.thresholds.review);
    expect(e.decision).not.toBe('link');
    // The same matter told again by the same caller still links.
    const again = aReport({ ...noiseSpec, reportedAt: '2024-05-20T09:00:00+08:00' });
    expect(scoreDisputeCandidate(again, aDispute('dsp_1', noise)).decision).toBe('link');
  });

  it('links the same two people within the month under a category channels confuse, even told tersely', () => {
    const grid = aReport({
      sourceId: 'grid',
      channel: 'grid',
      reportedAt: '2024-05-02T09:00:00+08:00',
      category: '房屋宅基地',
      narrative: '张伟反映李强翻建房屋占用其宅基地，双方争执。',
      location: fengyuan,
      parties: [zhangWei, liQiang],
    });
    const call = (parties: Party[]) =>
      aReport({
        sourceId: 'police-110',
        channel: 'police-110',
        reportedAt: '2024-05-20T19:00:00+08:00',
        category: '邻里',
        narrative: '报警人称与邻居发生纠纷',
        location: fengyuan,
        parties,
      });
    const both = scoreDisputeCandidate(call([zhangWei, liQiang]), aDispute('dsp_1', grid));
    expect(levelOf(both, 'category')).toBe('compatible');
    expect(both.decision).toBe('link');
    // One of them alone, a month on, may be his next complaint: a steward's call.
    const one = scoreDisputeCandidate(call([zhangWei]), aDispute('dsp_1', grid));
    expect(one.decision).not.toBe('link');
  });

  it('does not take the leak upstairs for the noise upstairs between the same two people', () => {
    const home = { divisionCode: '330681001040', addressText: '暨二社区5幢' };
    const noise = aReport({
      sourceId: 'police-110',
      channel: 'police-110',
      reportedAt: '2024-11-03T21:00:00+08:00',
      narrative: '报警人称楼上邻居深夜噪音扰民，上楼理论时发生争吵',
      location: home,
      parties: [
        ['王磊', 'per_w', 'reporter'],
        ['张明东', 'per_z'],
      ],
    });
    const leak = aReport({
      reportedAt: '2024-11-08T09:00:00+08:00',
      title: '楼上漏水不维修',
      narrative: '来电人反映楼上邻居王先生家卫生间漏水到其家中，沟通无果，要求处理。',
      location: home,
      parties: [
        ['张明东', 'per_z', 'reporter'],
        ['王先生', 'per_new'],
      ],
    });
    const e = scoreDisputeCandidate(leak, aDispute('dsp_1', noise));
    expect(e.fields.find((f) => f.field === 'narrative')).toMatchObject({
      level: 'unrelated',
      detail: expect.stringContaining('another matter: 漏水 here, 噪音 there'),
    });
    // The same two, the same house, within the week: much in common, but the subject says another quarrel.
    expect(e.total).toBeGreaterThanOrEqual(e.thresholds.link);
    expect(e.decision).toBe('review');
    expect(e.heldForReview).toMatch(/another matter/);
  });

  it('explains in the shape a dispute’s report link stores (design principle 4)', () => {
    const e = scoreDisputeCandidate(hotlineOrder(), aDispute('dsp_1', gridEvent()));
    const dispute = aDispute('dsp_1', gridEvent()).dispute;
    dispute.reports[0]!.linkedBy = toLinkDecision(e, '2024-03-06T02:05:00.000Z', 'dispute score');
    expect(validateAgainst('dispute', dispute)).toEqual([]);
  });
});

describe('parties in common by name', () => {
  // Two reports of one wage quarrel whose people the person matcher has not linked: each party is its own new person.
  const wages = (reportedAt: string, ids: [string, string], sourceId = 'grid') =>
    aReport({
      sourceId,
      channel: sourceId as Report['channel'],
      reportedAt,
      category: '劳资',
      narrative: '刘晓军反映在张晓杰承包的工地干活三个月，工钱一直拖欠未付。',
      location: { divisionCode: '330681102275' },
      parties: [
        ['刘晓军', ids[0], 'complainant'],
        ['张晓杰', ids[1], 'respondent'],
      ],
    });

  it('counts the same two full names as two parties in common, even unresolved, and links', () => {
    const first = wages('2024-10-12T09:00:00+08:00', ['per_a', 'per_b']);
    const later = wages('2024-10-22T09:00:00+08:00', ['per_c', 'per_d'], 'hotline-12345');
    const e = scoreDisputeCandidate(later, aDispute('dsp_1', first));
    expect(levelOf(e, 'parties')).toBe('several-names-shared');
    expect(e.decision).toBe('link');
  });

  it('weighs one party in common less when the other side names someone else', () => {
    const gao = (counterpart: string, reportedAt: string, title: string) =>
      aReport({
        reportedAt,
        title,
        narrative: `来电人反映${title}`,
        location: { divisionCode: '330681108002' },
        parties: [
          ['高永成', 'per_g', 'complainant'],
          [counterpart, null, 'respondent'],
        ],
      });
    const same = scoreDisputeCandidate(
      gao('陈芳', '2024-05-20T09:00:00+08:00', '楼上噪音'),
      aDispute('dsp_1', gao('陈芳', '2024-05-16T09:00:00+08:00', '楼上噪音')),
    );
    const other = scoreDisputeCandidate(
      gao('孙佳雯', '2024-05-20T09:00:00+08:00', '楼上噪音'),
      aDispute('dsp_1', gao('陈芳', '2024-05-16T09:00:00+08:00', '楼上噪音')),
    );
    expect(levelOf(same, 'parties')).toBe('several-names-shared');
    expect(levelOf(other, 'parties')).toBe('one-shared-other-differs');
    expect(other.total).toBeLessThan(same.total - 5);
  });

  it('counts a report whose named people all differ from the other side’s against it', () => {
    const a = aReport({
      location: { divisionCode: '330681001001' },
      parties: [
        ['陈女士', 'per_x', 'reporter'],
        ['王明成', null, 'respondent'],
      ],
    });
    const b = aReport({
      location: { divisionCode: '330681001001' },
      parties: [
        ['陈文成', 'per_y', 'reporter'],
        ['刘文军', null, 'respondent'],
      ],
    });
    expect(levelOf(scoreDisputeCandidate(a, aDispute('dsp_1', b)), 'parties')).toMatch(/^none-shared/);
  });
});

describe('an organisation among the parties', () => {
  // 孙海林 claims his wages from a building company: 110, then the petition office, name the company each time.
  const claim = (worker: Party, company: string, reportedAt: string, sourceId = 'police-110') => {
    const input = aReport({
      sourceId,
      channel: sourceId as Report['channel'],
      reportedAt,
      category: '劳资',
      narrative: sourceId === 'police-110' ? '报警人称到厂里讨要工资被拒' : `反映${company}拖欠其工资未付。`,
      location: { divisionCode: '330681124261' },
      parties: [worker],
    });
    input.report.parties.push({ kind: 'organization', roles: ['respondent'], organizationName: company });
    return { ...input, partyPersonIds: [...input.partyPersonIds, null] };
  };
  const company = '诸暨市枫桥建筑工程有限公司';

  it('counts the company as a party in common beside the worker', () => {
    const first = claim(['孙海林', 'per_s'], company, '2024-08-18T09:00:00+08:00');
    const petition = claim(
      ['孙海琳', 'per_s'],
      '枫桥建筑工程有限公司',
      '2024-09-02T09:00:00+08:00',
      'petition',
    );
    const e = scoreDisputeCandidate(petition, aDispute('dsp_1', first));
    expect(levelOf(e, 'parties')).toBe('several-names-shared');
    expect(e.fields.find((f) => f.field === 'parties')?.detail).toContain('枫桥建筑工程有限公司');
  });

  it('does not let the company join two workers’ claims: the person who differs outweighs it', () => {
    const first = claim(['孙海林', 'per_s'], company, '2024-08-18T09:00:00+08:00');
    const other = claim(['郑国强', 'per_z'], company, '2024-08-20T09:00:00+08:00');
    const e = scoreDisputeCandidate(other, aDispute('dsp_1', first));
    expect(levelOf(e, 'parties')).toMatch(/^none-shared/);
    expect(e.decision).not.toBe('link');
  });

  it('lets the company stand for a party in common when the caller gives only a surname', () => {
    const first = claim(['孙海林', 'per_s'], company, '2024-08-18T09:00:00+08:00');
    const caller = claim(['孙先生', 'per_new', 'reporter'], company, '2024-08-19T09:00:00+08:00');
    const withCompany = scoreDisputeCandidate(caller, aDispute('dsp_1', first));
    const otherCompany = scoreDisputeCandidate(
      claim(['孙先生', 'per_new', 'reporter'], '诸暨市东白湖镇某某纺织厂', '2024-08-19T09:00:00+08:00'),
      aDispute('dsp_1', first),
    );
    expect(levelOf(withCompany, 'parties')).toBe('one-name-shared');
    expect(levelOf(otherCompany, 'parties')).toBe('names-compatible');
    expect(withCompany.total).toBeGreaterThan(otherCompany.total);
  });
});

describe('the same people after a long silence', () => {
  it('leaves to a steward a report of the same two people about the same thing two months after the last', () => {
    const leak = (reportedAt: string) =>
      aReport({
        reportedAt,
        narrative: '陈丽雯反映楼上张红华家卫生间漏水，天花板发霉，对方拒绝维修。',
        location: { divisionCode: '330681002004' },
        parties: [
          ['陈丽雯', null, 'complainant'],
          ['张红华', null, 'respondent'],
        ],
      });
    const first = aDispute('dsp_1', leak('2024-06-12T09:00:00+08:00'));
    const soon = scoreDisputeCandidate(leak('2024-07-10T09:00:00+08:00'), first);
    expect(soon.decision).toBe('link');
    const late = scoreDisputeCandidate(leak('2024-08-12T09:00:00+08:00'), first);
    expect(late.total).toBeGreaterThanOrEqual(late.thresholds.link);
    expect(late.decision).toBe('review');
    expect(late.heldForReview).toMatch(/61 days away/);
  });

  it('leaves to a steward a report of the same two people a month later whose account reads otherwise', () => {
    const report = (reportedAt: string, narrative: string) =>
      aReport({
        reportedAt,
        narrative,
        location: { divisionCode: '330681001040', addressText: '暨二社区5幢' },
        parties: [
          ['张明东', null, 'complainant'],
          ['王磊', null, 'respondent'],
        ],
      });
    const noise = aDispute(
      'dsp_1',
      report('2024-11-03T21:00:00+08:00', '张明东反映楼上王磊家深夜噪音扰民，多次协商未果。'),
    );
    // A week later, the account that names its subject (漏水) names another matter.
    const leak = '来电人反映楼上卫生间漏水，天花板发霉，要求协调维修。';
    const weekLater = scoreDisputeCandidate(report('2024-11-10T09:00:00+08:00', leak), noise);
    expect(weekLater.decision).toBe('review');
    expect(weekLater.heldForReview).toMatch(/another matter \(漏水 here, 噪音 there\)/);
    // Told without its subject, it still reads otherwise; a month on, that is enough to leave it to a steward.
    const mould = '来电人反映楼上卫生间的问题，天花板发霉，要求协调维修。';
    expect(scoreDisputeCandidate(report('2024-11-10T09:00:00+08:00', mould), noise).decision).toBe('link');
    const monthLater = scoreDisputeCandidate(report('2024-12-15T09:00:00+08:00', mould), noise);
    expect(monthLater.total).toBeGreaterThanOrEqual(monthLater.thresholds.link);
    expect(monthLater.decision).toBe('review');
    expect(monthLater.heldForReview).toMatch(/41.5 days away and the account reads otherwise/);
    // The noise again a month later still reads like the dispute, and joins it; so does a terse account naming it.
    const again = report('2024-12-15T09:00:00+08:00', '张明东反映楼上王磊家深夜噪音扰民，多次协商未果。');
    expect(scoreDisputeCandidate(again, noise).decision).toBe('link');
    const terse = scoreDisputeCandidate(
      report('2024-12-15T09:00:00+08:00', '来电人称又被吵闹，要求处理。'),
      noise,
    );
    expect(levelOf(terse, 'narrative')).toBe('same-subject');
    expect(terse.decision).toBe('link');
  });
});

describe('the matter, filed two ways', () => {
  it('joins a call the other channel filed under a category it confuses when both accounts name the leak', () => {
    const place = { divisionCode: '330681117001', addressText: '华南社区33号楼' };
    const grid = aReport({
      sourceId: 'grid',
      channel: 'grid',
      reportedAt: '2024-02-06T09:00:00+08:00',
      category: '邻里',
      narrative: '郭刚反映楼上朱军家卫生间漏水到其家中，天花板发霉。',
      location: place,
      parties: [
        ['郭刚', 'per_g', 'complainant'],
        ['朱军', 'per_z', 'respondent'],
      ],
    });
    const call = (narrative: string) =>
      aReport({
        reportedAt: '2024-02-06T15:00:00+08:00',
        category: '物业',
        narrative,
        location: place,
        parties: [
          ['朱先生', 'per_c', 'reporter'],
          ['郭某', 'per_d', 'counterparty'],
        ],
      });
    const leak = scoreDisputeCandidate(
      call('来电人称楼下邻居郭某说其家漏水，上门吵闹，物业不管，要求处理。'),
      aDispute('dsp_1', grid),
    );
    expect(levelOf(leak, 'category')).toBe('compatible');
    expect(levelOf(leak, 'narrative')).toBe('same-subject');
    expect(leak.decision).toBe('link');
    // Naming no subject, the same call filed under 物业 is still a steward's to join.
    const vague = scoreDisputeCandidate(
      call('来电人称楼下邻居郭某经常上门找麻烦，物业不管，要求处理。'),
      aDispute('dsp_1', grid),
    );
    expect(vague.decision).toBe('review');
    expect(vague.heldForReview).toMatch(/no agreement on the matter/);
  });
});

describe('a short petition naming the subject', () => {
  it('joins a petition three weeks on from one of the two, in other words but about the same debt', () => {
    const grid = aReport({
      sourceId: 'grid',
      channel: 'grid',
      reportedAt: '2024-09-03T09:00:00+08:00',
      category: '合同借贷',
      narrative: '王美燕反映李华勇向其借款两万元，约定年底归还，至今未还。',
      location: { divisionCode: '330681102002', addressText: '应店街社区新街12号' },
      parties: [
        ['王美燕', null, 'complainant'],
        ['李华勇', null, 'respondent'],
      ],
    });
    const petition = aReport({
      sourceId: 'petition',
      channel: 'petition',
      reportedAt: '2024-09-24T09:00:00+08:00',
      category: '合同借贷',
      narrative: '信访人称对方欠钱不还，多次上门催讨无果，请求政府督促。',
      location: { divisionCode: '330681102002', addressText: '应店街社区' },
      parties: [['王美燕', null, 'petitioner']],
    });
    const e = scoreDisputeCandidate(petition, aDispute('dsp_1', grid));
    expect(levelOf(e, 'parties')).toBe('one-name-shared');
    expect(levelOf(e, 'narrative')).toBe('same-subject');
    expect(e.decision).toBe('link');
  });
});

describe('the scene and the home', () => {
  it('joins a terse 110 call at the scene to the grid worker’s record of the same two people at home', () => {
    const grid = aReport({
      sourceId: 'grid',
      channel: 'grid',
      reportedAt: '2024-05-02T09:00:00+08:00',
      narrative: '',
      location: { divisionCode: '330681109290', addressText: '枫源村三组12号' },
      parties: [
        ['张建国', null, 'complainant'],
        ['赵志强', null, 'respondent'],
      ],
    });
    const call = aReport({
      sourceId: 'police-110',
      channel: 'police-110',
      reportedAt: '2024-05-05T20:00:00+08:00',
      narrative: '',
      location: { divisionCode: '330681109290', addressText: '枫桥镇菜市场门口' },
      parties: [
        ['张建国', null, 'reporter'],
        ['赵志强', null, 'involved'],
      ],
    });
    const e = scoreDisputeCandidate(call, aDispute('dsp_1', grid));
    expect(levelOf(e, 'address')).toBe('different');
    expect(e.decision).toBe('link');
  });
});

describe('two quarrels alike', () => {
  it('leaves to a steward two reports that name their people in full with none in common, however alike', () => {
    const noise = (sourceRecordId: string, reportedAt: string, a: string, b: string) =>
      aReport({
        sourceId: 'grid',
        channel: 'grid',
        sourceRecordId,
        reportedAt,
        narrative: `${a}反映楼上${b}家深夜噪音扰民，多次协商未果。`,
        location: { divisionCode: '330681110001', gridCode: '330681110001005', addressText: '兰台社区5幢' },
        parties: [
          [a, null, 'complainant'],
          [b, null, 'respondent'],
        ],
      });
    const first = aDispute('dsp_1', noise('WG1', '2024-02-28T09:00:00+08:00', '刘娜', '寿立峰'));
    const other = scoreDisputeCandidate(noise('WG2', '2024-02-29T09:00:00+08:00', '刘芳', '李刚'), first);
    expect(levelOf(other, 'parties')).toBe('none-shared-full');
    expect(other.decision).toBe('review');
    expect(other.heldForReview).toMatch(/none is in common/);
    // The same two named again join it.
    const again = scoreDisputeCandidate(noise('WG3', '2024-02-29T09:00:00+08:00', '刘娜', '寿立峰'), first);
    expect(again.decision).toBe('link');
  });
});

describe('partial names and sex', () => {
  it('does not take 陈先生 for 陈淑霞 on the other side', () => {
    const caller = aReport({
      location: { divisionCode: '330681001001' },
      parties: [['陈先生', 'per_x', 'reporter']],
    });
    const her = aReport({
      location: { divisionCode: '330681001001' },
      parties: [['陈淑霞', 'per_y', 'complainant']],
    });
    const him = aReport({
      location: { divisionCode: '330681001001' },
      parties: [['陈文成', 'per_z', 'complainant']],
    });
    expect(levelOf(scoreDisputeCandidate(caller, aDispute('dsp_1', her)), 'parties')).not.toBe(
      'names-compatible',
    );
    expect(levelOf(scoreDisputeCandidate(caller, aDispute('dsp_2', him)), 'parties')).toBe(
      'names-compatible',
    );
  });
});

describe('two surnames that fit', () => {
  const village = { divisionCode: '330681004012' };
  const call = aReport({
    location: village,
    reportedAt: '2024-05-14T09:00:00+08:00',
    category: '邻里',
    parties: [
      ['赵先生', 'per_caller', 'reporter'],
      ['王某某', 'per_named', 'counterparty'],
    ],
  });
  it('weighs 赵先生 and 王某某 fitting 赵刚 and 王小英 above one surname alone', () => {
    const court = (names: Party[]) =>
      aReport({
        sourceId: 'court',
        channel: 'court',
        location: village,
        reportedAt: '2024-06-10T09:00:00+08:00',
        category: '邻里',
        parties: names,
      });
    const both = scoreDisputeCandidate(
      court([
        ['赵刚', null, 'applicant'],
        ['王小英', null, 'respondent'],
      ]),
      aDispute('dsp_1', call),
    );
    const one = scoreDisputeCandidate(
      court([
        ['赵刚', null, 'applicant'],
        ['钱小英', null, 'respondent'],
      ]),
      aDispute('dsp_1', call),
    );
    expect(levelOf(both, 'parties')).toBe('names-compatible-both');
    // The call complains of a 王, the court's 赵刚 of 钱小英: 赵's quarrel with someone else, mostly.
    expect(levelOf(one, 'parties')).toBe('names-compatible-other-differs');
    expect(weightOf(one, 'parties')).toBeLessThan(0);
    const alone = scoreDisputeCandidate(court([['赵刚', null, 'applicant']]), aDispute('dsp_1', call));
    expect(levelOf(alone, 'parties')).toBe('names-compatible');
    expect(weightOf(both, 'parties')).toBeGreaterThan(weightOf(alone, 'parties') + 3);
  });
});

describe('one surname that fits, and counterparts that do not', () => {
  const community = { divisionCode: '330681102005' };
  // 周小姐 calls 12345 about a leak from 王某某's flat upstairs.
  const call = aReport({
    location: community,
    reportedAt: '2024-08-29T09:00:00+08:00',
    parties: [
      ['周小姐', 'per_zhou', 'reporter'],
      ['王某某', 'per_wang', 'counterparty'],
    ],
  });
  const grid = (counterpart: string) =>
    aReport({
      sourceId: 'grid',
      channel: 'grid',
      location: community,
      reportedAt: '2024-08-31T09:00:00+08:00',
      parties: [
        ['周欣华', null, 'involved'],
        [counterpart, null, 'involved'],
      ],
    });
  it('counts a leak next door between 周欣华 and 杨国军 against the call, though 周 fits', () => {
    const next = scoreDisputeCandidate(grid('杨国军'), aDispute('dsp_1', call));
    expect(levelOf(next, 'parties')).toBe('names-compatible-other-differs');
    expect(weightOf(next, 'parties')).toBeLessThan(0);
  });
  it('still counts 周 fitting when the counterpart is unnamed on one side', () => {
    const alone = aReport({
      location: community,
      reportedAt: '2024-08-29T09:00:00+08:00',
      parties: [['周小姐', 'per_zhou', 'reporter']],
    });
    const same = scoreDisputeCandidate(grid('杨国军'), aDispute('dsp_1', alone));
    expect(levelOf(same, 'parties')).toBe('names-compatible');
    expect(weightOf(same, 'parties')).toBeGreaterThan(0);
    // And when the report names no one but the one who fits.
    const one = aReport({
      sourceId: 'grid',
      channel: 'grid',
      location: community,
      reportedAt: '2024-08-31T09:00:00+08:00',
      parties: [['周欣华', null, 'complainant']],
    });
    expect(levelOf(scoreDisputeCandidate(one, aDispute('dsp_1', call)), 'parties')).toBe('names-compatible');
  });
  it('does not count a second person on the side of the one who fits as a counterpart', () => {
    // 周欣华 and her husband 杨国军 complain together: he stands beside her, not across from 王某某.
    const together = aReport({
      sourceId: 'grid',
      channel: 'grid',
      location: community,
      reportedAt: '2024-08-31T09:00:00+08:00',
      parties: [
        ['周欣华', null, 'complainant'],
        ['杨国军', null, 'complainant'],
      ],
    });
    expect(levelOf(scoreDisputeCandidate(together, aDispute('dsp_1', call)), 'parties')).toBe(
      'names-compatible',
    );
  });
  it('does not count a second 周 as a counterpart of another surname', () => {
    // 周先生 against 周小姐 is no fit (another sex), but his surname is hers: no unknown counterpart.
    const zhou = scoreDisputeCandidate(grid('周先生'), aDispute('dsp_1', call));
    expect(levelOf(zhou, 'parties')).not.toBe('names-compatible-other-differs');
  });
});

describe('reports with little to go on', () => {
  it('does not count a counterpart against a dispute that named nobody but its caller', () => {
    const caller = aReport({
      location: { divisionCode: '330681117002' },
      parties: [['杨先生', 'per_y', 'reporter']],
    });
    const petition = aReport({
      sourceId: 'petition',
      channel: 'petition',
      location: { divisionCode: '330681117002' },
      parties: [
        ['杨海林', null, 'petitioner'],
        ['林晓超', null, 'respondent'],
      ],
    });
    expect(levelOf(scoreDisputeCandidate(petition, aDispute('dsp_1', caller)), 'parties')).toBe(
      'names-compatible',
    );
  });

  it('links a court case whose parties the court masks: one person in common, the other 李某某 fitting 李强', () => {
    const court = (counterpart: string) =>
      aReport({
        sourceId: 'court',
        channel: 'court',
        reportedAt: '2024-03-28T09:00:00+08:00',
        narrative: '原告与被告相邻关系纠纷一案，原告诉称被告修建围墙堵塞排水沟，请求判令被告排除妨害。',
        location: { divisionCode: '330681109290', addressText: '枫桥镇枫源村三组' },
        parties: [
          ['张某', 'per_zw', 'applicant'],
          [counterpart, 'per_new', 'counterparty'],
        ],
      });
    const dispute = aDispute('dsp_1', gridEvent());
    const masked = scoreDisputeCandidate(court('李某某'), dispute);
    expect(levelOf(masked, 'parties')).toBe('one-shared-other-fits');
    expect(masked.decision).toBe('link');
    // A counterpart of another surname is another quarrel of 张伟's, or a steward's call.
    const other = scoreDisputeCandidate(court('王某某'), dispute);
    expect(levelOf(other, 'parties')).toBe('one-shared');
    expect(other.total).toBeLessThan(masked.total);
  });

  it('does not hold a court’s legal prose against it, but counts it when it reads like the calls', () => {
    const filed = (channel: 'court' | 'hotline-12345', narrative: string) =>
      aReport({
        sourceId: channel,
        channel,
        reportedAt: '2024-03-28T09:00:00+08:00',
        narrative,
        location: { divisionCode: '330681' },
        parties: [
          ['张伟', 'per_new1', 'plaintiff'],
          ['李强', 'per_new2', 'defendant'],
        ],
      });
    const dispute = aDispute('dsp_1', gridEvent());
    const prose = '原、被告系邻居，因相邻关系长期不睦，原告请求判令被告承担责任。';
    const court = scoreDisputeCandidate(filed('court', prose), dispute);
    const call = scoreDisputeCandidate(filed('hotline-12345', prose), dispute);
    expect(court.fields.find((f) => f.field === 'narrative')).toMatchObject({ weight: 0 });
    expect(court.fields.find((f) => f.field === 'narrative')?.detail).toContain('legal prose');
    expect(levelOf(call, 'narrative')).toMatch(/low|unrelated/);
    expect(court.total).toBeGreaterThan(call.total);
    const alike = scoreDisputeCandidate(filed('court', gridEvent().report.narrative), dispute);
    expect(levelOf(alike, 'narrative')).toBe('high');
  });

  it('counts the subject a court’s legal prose shares with the calls (因噪音问题 and 噪音扰民)', () => {
    const home = { divisionCode: '330681001040', addressText: '暨二社区5幢' };
    const call = aReport({
      sourceId: 'police-110',
      channel: 'police-110',
      reportedAt: '2024-08-09T21:00:00+08:00',
      narrative: '报警人称楼上邻居深夜噪音扰民，上楼理论时发生争吵',
      location: home,
      parties: [
        ['张明东', 'per_z', 'reporter'],
        ['王磊', 'per_w'],
      ],
    });
    const court = (ajxx: string) =>
      aReport({
        sourceId: 'court',
        channel: 'court',
        reportedAt: '2024-09-05T09:00:00+08:00',
        narrative: ajxx,
        location: { divisionCode: '330681' },
        parties: [
          ['张明东', 'per_new1', 'plaintiff'],
          ['王磊', 'per_new2', 'defendant'],
        ],
      });
    const noise = scoreDisputeCandidate(
      court('原、被告系上下楼邻居，因噪音问题长期不睦。'),
      aDispute('dsp_1', call),
    );
    expect(noise.fields.find((f) => f.field === 'narrative')).toMatchObject({
      level: 'same-subject',
      detail: expect.stringContaining('噪音'),
    });
    expect(noise.decision).toBe('link');
    const silent = scoreDisputeCandidate(court('原、被告系上下楼邻居，长期不睦。'), aDispute('dsp_1', call));
    expect(silent.total).toBeLessThan(noise.total);
  });

  it('places a court case known only by its county where its parties live', () => {
    const court = aReport({
      sourceId: 'court',
      channel: 'court',
      location: { divisionCode: '330681' },
      parties: [['张伟', null, 'applicant']],
    });
    court.report.parties[0]!.addresses = [{ divisionCode: '330681109290', addressText: '枫源村三组12号' }];
    expect(levelOf(scoreDisputeCandidate(court, aDispute('dsp_1', gridEvent())), 'division')).toBe('village');
  });

  it('does not count against a court case that its parties live elsewhere: the employer lives in another town', () => {
    const court = (address: { divisionCode: string; addressText: string }) => {
      const r = aReport({
        sourceId: 'court',
        channel: 'court',
        location: { divisionCode: '330681' },
        parties: [['张伟', null, 'applicant']],
      });
      r.report.parties[0]!.addresses = [address];
      return r;
    };
    const elsewhere = scoreDisputeCandidate(
      court({ divisionCode: '330681102001', addressText: '诸暨市店口镇店口村5组8号' }),
      aDispute('dsp_1', gridEvent()),
    );
    // The court's own place, the county, counts as it is; the address in another town, not at all.
    expect(levelOf(elsewhere, 'division')).toBe('county');
    expect(levelOf(elsewhere, 'address')).toBe('missing');
  });
});

describe('category within one source', () => {
  it('needs the story to agree when one source files the two under different categories of its own', () => {
    const call = (sourceValue: string, narrative: string, reportedAt: string) => {
      const r = aReport({
        reportedAt,
        narrative,
        location: { divisionCode: '330681108002' },
        parties: [['高永成', 'per_g', 'complainant']],
      });
      r.report.category = { code: '邻里', sourceValue, isDispute: true };
      return r;
    };
    const noise = call('噪音扰民', '反映楼上住户长期深夜制造噪音。', '2024-05-16T09:00:00+08:00');
    const leak = call('漏水', '反映楼上卫生间漏水到家中，对方不肯维修。', '2024-06-02T09:00:00+08:00');
    const e = scoreDisputeCandidate(leak, aDispute('dsp_1', noise));
    expect(levelOf(e, 'category')).toBe('same-code-other-subcategory');
    expect(e.decision).not.toBe('link');
    const again = call('噪音扰民', '反映楼上住户长期深夜制造噪音。', '2024-06-02T09:00:00+08:00');
    expect(levelOf(scoreDisputeCandidate(again, aDispute('dsp_1', noise)), 'category')).toBe('same');
  });
});

describe('decideDispute', () => {
  it('links to the dispute an explicit reference names even when another looks closer', () => {
    const court = aReport({
      sourceId: 'court',
      channel: 'court',
      reportedAt: '2024-03-15T00:00:00+08:00',
      narrative: '因修建围墙堵塞共用排水沟引发纠纷。',
      parties: [zhangWei, liQiang],
      links: [{ kind: 'police-call', field: 'wpdjh', value: '3306812024031300456' }],
    });
    const decision = decideDispute(court, [aDispute('dsp_1', gridEvent()), aDispute('dsp_2', policeCall())]);
    expect(decision).toMatchObject({ outcome: 'link', disputeId: 'dsp_2' });
    // The grid event reaches the link threshold on its own: perhaps the same quarrel stored twice, for a steward.
    expect(decision.outcome === 'link' && decision.possibleDuplicates?.map((d) => d.disputeId)).toEqual([
      'dsp_1',
    ]);
    // A debt between the same two is no twin of it.
    const debt = aReport({
      reportedAt: '2024-10-12T09:00:00+08:00',
      category: '合同借贷',
      narrative: '借给邻居5万元至今未还。',
      parties: [zhangWei, liQiang],
    });
    const alone = decideDispute(court, [aDispute('dsp_3', debt), aDispute('dsp_2', policeCall())]);
    expect(alone).toMatchObject({ outcome: 'link', disputeId: 'dsp_2' });
    expect(alone.outcome === 'link' && alone.possibleDuplicates).toBeUndefined();
  });

  it('answers related when the only candidates share people but not the matter', () => {
    const debt = aReport({
      reportedAt: '2024-10-12T09:00:00+08:00',
      category: '合同借贷',
      narrative: '借给邻居5万元至今未还。',
      parties: [zhangWei, liQiang],
    });
    const decision = decideDispute(debt, [aDispute('dsp_1', gridEvent())]);
    expect(decision.outcome).toBe('related');
    expect(decision.outcome === 'related' && decision.related.map((r) => r.disputeId)).toEqual(['dsp_1']);
  });

  it('links one of two equally good candidates with the same people, and proposes the pair (one dispute stored twice)', () => {
    const decision = decideDispute(policeCall(), [
      aDispute('dsp_1', gridEvent()),
      aDispute('dsp_2', gridEvent()),
    ]);
    expect(decision.outcome).toBe('link');
    if (decision.outcome !== 'link') return;
    expect(decision.possibleDuplicates?.map((d) => d.disputeId)).toEqual(
      ['dsp_1', 'dsp_2'].filter((id) => id !== decision.disputeId),
    );
  });

  it('sends two equally good candidates with different people to review: a choice between two quarrels', () => {
    const grid = gridEvent().report;
    const other = aReport({
      sourceId: 'grid',
      sourceRecordId: 'WG3306811092900032024030500099',
      channel: 'grid',
      reportedAt: grid.reportedAt,
      title: grid.title,
      narrative: grid.narrative,
      location: fengyuan,
      parties: [
        ['赵敏', 'per_zm'],
        ['钱进', 'per_qj'],
      ],
    });
    const anonymous = hotlineOrder([]);
    const candidates = [aDispute('dsp_1', gridEvent()), aDispute('dsp_2', other)];
    expect(candidates.map((c) => scoreDisputeCandidate(anonymous, c).decision)).toEqual(['link', 'link']);
    expect(decideDispute(anonymous, candidates).outcome).toBe('review');
  });

  it('links the best of two halves of one quarrel when its two surnames fit the best and no one else is named', () => {
    // The grid worker's record of February, with 张伟 and 李强, and the 12345 call of March (张先生, 李某) are stored
    // apart. A 110 call naming 张伟 and 李强 (new persons) the next day fits both, the call best.
    const grid = gridEvent();
    grid.report.reportedAt = '2024-02-20T09:10:00+08:00';
    const call = hotlineOrder([
      ['张先生', 'per_c', 'reporter'],
      ['李某', 'per_d', 'counterparty'],
    ]);
    const police = aReport({
      sourceId: 'police-110',
      channel: 'police-110',
      reportedAt: '2024-03-07T19:35:22+08:00',
      narrative: call.report.narrative,
      location: policeCall().report.location,
      parties: [
        ['张伟', 'per_e'],
        ['李强', 'per_f'],
      ],
    });
    const candidates = [aDispute('dsp_1', call), aDispute('dsp_2', grid)];
    const scored = candidates.map((c) => scoreDisputeCandidate(police, c));
    expect(scored.map((e) => e.decision)).toEqual(['link', 'link']);
    expect(scored.map((e) => levelOf(e, 'parties'))).toEqual([
      'names-compatible-both',
      'several-names-shared',
    ]);
    expect(scored[0]!.total).toBeGreaterThan(scored[1]!.total);
    const decision = decideDispute(police, candidates);
    expect(decision).toMatchObject({ outcome: 'link', disputeId: 'dsp_1' });
    expect(decision.outcome === 'link' && decision.possibleDuplicates?.map((d) => d.disputeId)).toEqual([
      'dsp_2',
    ]);
  });

  it('never links a dispute a steward kept apart from the record', () => {
    const decision = decideDispute(policeCall(), [aDispute('dsp_1', gridEvent())], {
      excluded: new Set(['dsp_1']),
    });
    expect(decision.outcome).toBe('new');
  });

  it('starts a new dispute when nothing is close', () => {
    const far = aReport({
      reportedAt: '2024-08-01T09:00:00+08:00',
      category: '劳资',
      narrative: '在建筑工地打工，包工头拖欠3个月工资。',
      location: { divisionCode: '330681001001' },
      parties: [['陈刚', 'per_x', 'reporter']],
    });
    expect(decideDispute(far, [aDispute('dsp_1', gridEvent())]).outcome).toBe('new');
  });
});

describe('the drain quarrel of the examples, record by record', () => {
  it('joins what five channels reported into one dispute, two of them through references', () => {
    const court = aReport({
      sourceId: 'court',
      sourceRecordId: '330620249901000825',
      channel: 'court',
      reportedAt: '2024-03-15T00:00:00+08:00',
      category: '邻里',
      narrative: '申请人与被申请人系邻居，因被申请人修建围墙堵塞共用排水沟引发纠纷。',
      parties: [zhangWei, liQiang],
      links: [
        { kind: 'police-call', field: 'wpdjh', value: '3306812024031300456', relation: 'referred-from' },
      ],
    });
    const petition = aReport({
      sourceId: 'petition',
      sourceRecordId: '330681-2024-000123',
      channel: 'petition',
      reportedAt: '2024-03-20T15:00:00+08:00',
      narrative: '反映邻居李强修围墙堵住排水沟，已找过村里和12345，问题仍未解决，要求拆除围墙恢复排水。',
      location: { divisionCode: '330681109290', addressText: '诸暨市枫桥镇枫源村' },
      parties: [zhangWei, liQiang],
      links: [
        { kind: 'hotline-work-order', field: 'work_id', value: 'ZJ2403060381', relation: 'same-matter' },
      ],
    });
    const disputes: Array<{ id: string; inputs: ReportForMatching[] }> = [];
    const methods: string[] = [];
    for (const input of [gridEvent(), hotlineOrder(), policeCall(), court, petition]) {
      const decision = decideDispute(
        input,
        disputes.map((d) => aDispute(d.id, ...d.inputs)),
      );
      if (decision.outcome === 'link') {
        disputes.find((d) => d.id === decision.disputeId)!.inputs.push(input);
        methods.push(decision.explanation.explicitReference ? 'reference' : 'score');
      } else {
        disputes.push({ id: `dsp_${disputes.length + 1}`, inputs: [input] });
        methods.push(decision.outcome);
      }
    }
    expect(disputes).toHaveLength(1);
    expect(methods).toEqual(['new', 'score', 'score', 'reference', 'reference']);
  });
});

describe('compareCategories', () => {
  it.each([
    ['邻里', '邻里', 'same'],
    ['邻里', '房屋宅基地', 'compatible'],
    ['房屋宅基地', '邻里', 'compatible'],
    ['邻里', '治安', 'generic'],
    ['邻里', '合同借贷', 'incompatible'],
  ] as const)('compares %s with %s as %s', (a, b, level) => {
    expect(compareCategories(aCategory(a), aCategory(b))).toBe(level);
  });

  it('treats a record that is not a dispute as saying nothing about the matter', () => {
    expect(compareCategories({ ...aCategory('劳资'), isDispute: false }, aCategory('邻里'))).toBe('generic');
  });
});

describe('compareTimes', () => {
  it('decays over weeks', () => {
    expect(compareTimes('2024-03-05T09:10:00+08:00', '2024-03-05T20:00:00+08:00')?.level).toBe('same-day');
    expect(compareTimes('2024-03-05T09:10:00+08:00', '2024-03-13T19:35:00+08:00')?.level).toBe(
      'within-month',
    );
    expect(compareTimes('2024-03-05T09:10:00+08:00', '2024-10-12T09:00:00+08:00')?.level).toBe('far');
  });

  it('gives a petition or a court case six weeks after the calls as within a month', () => {
    const call = gridEvent();
    const later = (channel: 'petition' | 'hotline-12345') =>
      aReport({
        sourceId: channel,
        channel,
        reportedAt: '2024-04-15T09:00:00+08:00',
        narrative: call.report.narrative,
        location: fengyuan,
        parties: [zhangWei, liQiang],
      });
    const dispute = aDispute('dsp_1', call);
    expect(levelOf(scoreDisputeCandidate(later('petition'), dispute), 'time')).toBe('within-month');
    expect(levelOf(scoreDisputeCandidate(later('hotline-12345'), dispute), 'time')).toBe('within-quarter');
  });
});
