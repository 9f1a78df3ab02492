/** The console's Chinese words for the hub's codes: match fields and levels, roles, statuses, actions, channels. */

const fields: Record<string, string> = {
  residentId: '身份证号',
  phone: '电话',
  otherId: '其他证件',
  name: '姓名',
  'given-name': '名',
  surname: '姓',
  birthDate: '出生日期',
  sex: '性别',
  division: '行政区划',
  address: '地址',
  postcode: '邮编',
  'street-address': '街道地址',
  reference: '关联编号',
  parties: '当事人',
  coordinates: '坐标',
  time: '时间',
  category: '类别',
  narrative: '诉求内容',
};

const levels: Record<string, string> = {
  missing: '缺失',
  exact: '完全一致',
  'exact-unverified': '一致（未校验）',
  'exact-landline': '座机一致',
  partial: '部分一致',
  conflict: '冲突',
  different: '不同',
  'different-unverified': '不同（未校验）',
  'one-edit': '差一个字符',
  'two-edits': '差两个字符',
  'script-variant': '繁简/异体一致',
  pinyin: '拼音一致',
  'pinyin-fuzzy': '拼音近似',
  'one-character': '差一个字',
  'surname-compatible': '同姓（称呼）',
  'surname-conflict': '姓氏冲突',
  swapped: '前后颠倒',
  'jw-high': '高度相似',
  'jw-mid': '略有相似',
  transposed: '月日颠倒',
  'one-digit': '差一位数字',
  'year-month': '同年同月',
  year: '同年',
  same: '相同',
  'same-likely': '可能相同',
  'different-likely': '可能不同',
  grid: '同一网格',
  village: '同一村社',
  town: '同一乡镇',
  county: '同一县区',
  city: '同一地市',
  province: '同一省份',
  'village-other-grid': '同村不同网格',
  'town-other-village': '同镇不同村',
  'county-other-town': '同县不同镇',
  'city-other-county': '同市不同县',
  'province-other-city': '同省不同市',
  'other-province': '不同省份',
  contains: '包含',
  most: '大部分相同',
  some: '少部分相同',
  'other-postcode': '邮编不同',
  'postcode-one-edit': '邮编差一位',
  explicit: '明确引用',
  'several-shared': '多名当事人相同',
  'one-shared': '一名当事人相同',
  'names-compatible': '姓名相容',
  'none-shared': '无相同当事人',
  'none-shared-full': '全名均不同',
  'same-day': '同一天',
  'within-week': '一周内',
  'within-month': '一个月内',
  'within-quarter': '三个月内',
  'within-half-year': '半年内',
  far: '相隔很远',
  compatible: '相近',
  generic: '笼统',
  incompatible: '不相容',
  high: '高度相似',
  medium: '中度相似',
  low: '略有相似',
  unrelated: '无关',
};

const roles: Record<string, string> = {
  reporter: '反映人',
  complainant: '投诉方',
  respondent: '被投诉方',
  petitioner: '信访人',
  applicant: '申请人',
  counterparty: '对方当事人',
  plaintiff: '原告',
  defendant: '被告',
  'third-party': '第三人',
  involved: '涉事人',
  contact: '联系人',
};

const statuses: Record<string, string> = {
  registered: '已登记',
  accepted: '已受理',
  assigned: '已派单',
  'in-progress': '办理中',
  resolved: '已化解',
  closed: '已办结',
  returned: '已退回',
  'extension-requested': '申请延期',
  reopened: '重新办理',
};

const reviewStatuses: Record<string, string> = {
  open: '待判定',
  same: '已判定：相同',
  different: '已判定：不同',
  superseded: '已失效（已被其他判定合并）',
};

const actions: Record<string, string> = {
  'review.same': '判定相同（合并）',
  'review.different': '判定不同',
  'person.split': '拆分人员',
  'dispute.split': '拆分纠纷',
  'person.merge': '合并人员',
  'dispute.merge': '合并纠纷',
};

const linkMethods: Record<string, string> = {
  'new-entity': '新建',
  'same-record': '同一记录',
  'explicit-reference': '明确引用',
  'exact-identifier': '证件/电话一致',
  score: '评分匹配',
  steward: '人工判定',
};

const steps: Record<string, string> = {
  register: '登记',
  accept: '受理',
  assign: '派单',
  sign: '签收',
  return: '退回',
  'extension-request': '申请延期',
  handle: '办理',
  feedback: '反馈',
  resolve: '化解',
  close: '办结',
  callback: '回访',
  supervise: '督办',
  'report-up': '上报',
  transfer: '转办',
  review: '复查',
  other: '其他',
};

const channels: Record<string, string> = {
  'hotline-12345': '12345热线',
  petition: '信访',
  'police-110': '110接处警',
  court: '法院',
  grid: '网格',
  other: '其他',
};

const riskLevels = ['无', '蓝色', '黄色', '橙色', '红色'];

const supervision: Record<string, string> = {
  none: '无',
  normal: '一般督办',
  yellow: '黄牌督办',
  red: '红牌督办',
};

const word = (table: Record<string, string>, code: string | undefined) =>
  code === undefined ? '' : (table[code] ?? code);

export const fieldLabel = (code: string) => word(fields, code);
export const levelLabel = (code: string) => word(levels, code);
export const roleLabel = (code: string) => word(roles, code);
export const statusLabel = (code: string | undefined) => word(statuses, code);
export const reviewStatusLabel = (code: string) => word(reviewStatuses, code);
export const actionLabel = (code: string) => word(actions, code);
export const linkMethodLabel = (code: string) => word(linkMethods, code);
export const stepLabel = (code: string) => word(steps, code);
export const channelLabel = (code: string) => word(channels, code);
export const supervisionLabel = (code: string | undefined) => word(supervision, code);
export const riskLabel = (level: number | undefined) =>
  level === undefined ? '' : `${riskLevels[level] ?? level}${level > 0 ? '预警' : ''}`;
export const sexLabel = (sex: string | undefined) =>
  sex === 'male' ? '男' : sex === 'female' ? '女' : (sex ?? '');
export const kindLabel = (kind: string) => (kind === 'person' ? '人员' : '纠纷');

/** 2024-03-06T09:00:00+08:00 → 2024-03-06 09:00 (Beijing time, as the users read it). */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const beijing = new Date(t + 8 * 3600_000).toISOString();
  return `${beijing.slice(0, 10)} ${beijing.slice(11, 16)}`;
}

export function formatWeight(weight: number): string {
  return `${weight > 0 ? '+' : weight < 0 ? '−' : '±'}${Math.abs(weight).toFixed(2)}`;
}

const proposals: Record<string, string> = {
  'scored between the review and link thresholds': '得分介于人工复核与自动关联阈值之间',
  'also matches this record: possibly one person stored twice': '同时匹配本条记录，可能是同一人被存了两次',
};

export const proposalLabel = (text: string) => word(proposals, text);

const outcomes: Record<string, string> = {
  same: '已判定为相同，两者已合并。',
  different: '已判定为不同，今后不会再作为候选对提出。',
  taken: '这一对已由其他管理员判定，已跳到下一对。',
};

/** The line shown after a decision (`done` in the redirect's query); undefined for anything else. */
export const outcomeNotice = (code: string | undefined) => (code ? outcomes[code] : undefined);
