/** Test builders: realistic source records with overrides, instead of pasted literals. */
import { readFileSync } from 'node:fs';

const exampleUrl = new URL('../../../shared/sources/examples/hotline-12345.json', import.meta.url);
const example = JSON.parse(readFileSync(exampleUrl, 'utf8')) as Record<string, unknown>;

let counter = 0;

const callers = ['赵', '钱', '孙', '周', '吴', '郑', '冯', '陈', '褚', '卫', '蒋', '沈', '韩', '杨'];
const givenNames = ['建国', '秀英', '志强', '桂兰', '海峰', '丽萍', '国庆', '红梅'];
const matters = [
  { title: '楼上漏水', text: '楼上住户卫生间漏水渗到家里天花板，多次沟通无果' },
  { title: '宅基地界址争议', text: '与隔壁因宅基地界址石位置发生争执，对方要砌墙' },
  { title: '欠款不还', text: '对方借款三万元逾期一年未还，催要时发生口角' },
  { title: '噪音扰民', text: '隔壁加工作坊夜间开机器噪音很大影响休息' },
  { title: '土地流转租金纠纷', text: '承包户拖欠土地流转租金两年，村里协调未果' },
  { title: '狗咬伤人', text: '邻居家的狗未拴绳把来电人小孩咬伤，医药费谈不拢' },
  { title: '工钱拖欠', text: '在包工头处做工半年，工钱八千元一直拖着不给' },
];

/**
 * A 12345 work order shaped like the contract's example, with a fresh formId unless given. Each call is a different
 * dispute, as two independent work orders are: another caller, another matter, months apart.
 */
export function aWorkOrder(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  const n = String(counter).padStart(6, '0');
  const seed = counter + process.pid;
  const matter = matters[seed % matters.length]!;
  const name = `${callers[seed % callers.length]}${givenNames[(seed >> 3) % givenNames.length]}`;
  const phone = `139${String((seed * 7919) % 100_000_000).padStart(8, '0')}`;
  const created = new Date(Date.UTC(2023, 0, 1) + (counter % 200) * 97 * 86_400_000);
  const day = created.toISOString().slice(0, 10);
  return {
    ...example,
    formId: `FTEST${Date.now().toString(36)}${n}`,
    busiNumber: `ZJTEST${n}${process.pid}`,
    cusName: name,
    cusPhone: phone,
    incomingPhone: phone,
    title: matter.title,
    contentText: `来电人${name}反映${matter.text}，要求处理。`,
    createTime: `${day} 09:00:00`,
    planTime: `${day} 18:00:00`,
    steps: [
      {
        action: '受理',
        time: `${day} 09:00:00`,
        fromUnit: '12345中心',
        toUnit: '12345中心',
        operator: '坐席021',
        comment: '',
      },
    ],
    ...overrides,
  };
}

const sharedExample = (name: string) =>
  readFileSync(new URL(`../../../shared/sources/examples/${name}`, import.meta.url), 'utf8');

/** A grid event shaped like the contract's example (a fresh serialNumber unless given). */
export function aGridEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  return {
    ...(JSON.parse(sharedExample('grid.json')) as Record<string, unknown>),
    serialNumber: `WG33068110929000320240305${String(counter).padStart(5, '0')}${process.pid % 10}`,
    ...overrides,
  };
}

/** A petition shaped like the contract's example (a fresh xfjbh unless given). */
export function aPetition(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  return {
    ...(JSON.parse(sharedExample('petition.json')) as Record<string, unknown>),
    xfjbh: `330681-2024-T${String(counter).padStart(5, '0')}${process.pid}`,
    ...overrides,
  };
}

/** A court case shaped like the contract's example (a fresh ajbs and case number unless given). */
export function aCourtCase(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  return {
    ...(JSON.parse(sharedExample('court.json')) as Record<string, unknown>),
    ajbs: `3306202499${String(counter).padStart(6, '0')}${process.pid % 100}`,
    // The case number is a cross-source reference: the example's would join every built case to one dispute.
    ah: `（2024）浙0681民诉前调${9000 + (counter % 1000)}号`,
    ...overrides,
  };
}

/** A 110 call as a CSV body (header and one row), shaped like the contract's example; fields by their CSV names. */
export function aPoliceCallCsv(overrides: Record<string, string> = {}): string {
  counter++;
  const [header, row] = sharedExample('police-110.csv').trim().split('\n') as [string, string];
  const names = header.split(',');
  // The example's fields hold no commas inside quotes, so a plain split is exact.
  const values = Object.fromEntries(names.map((n, i) => [n, row.split(',')[i] ?? '']));
  const call: Record<string, string> = {
    ...values,
    JJDBH: `33068120240313${String(counter).padStart(5, '0')}`,
    ...overrides,
  };
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${header}\n${names.map((n) => cell(call[n] ?? '')).join(',')}\n`;
}
