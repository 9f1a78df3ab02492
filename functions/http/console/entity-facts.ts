/**
 * A person or a dispute as lines of text a steward compares: one (label, value) per field, values already in Chinese
 * and masked as the public entity is. The pair page puts two of these side by side; entity pages list one.
 */
import type { Dispute, Location, Person } from '../../../schemas/generated/types.js';
import {
  channelLabel,
  formatTime,
  riskLabel,
  roleLabel,
  sexLabel,
  statusLabel,
  supervisionLabel,
} from './labels.js';

export interface Fact {
  label: string;
  value: string;
  /** Differences in this field are not worth highlighting (ids always differ). */
  identity?: boolean;
}

const list = (values: Array<string | undefined>) => [...new Set(values.filter(Boolean))].join('、');

export function placeOf(location: Location | undefined): string {
  if (!location) return '';
  const division = location.divisionName
    ? `${location.divisionName}${location.divisionCode ? `（${location.divisionCode}）` : ''}`
    : (location.divisionCode ?? '');
  return [location.addressText, division].filter(Boolean).join(' · ');
}

export const personName = (p: Pick<Person, 'name' | 'names'>) => p.name ?? p.names[0]?.asGiven ?? '（无名）';

export function personFacts(p: Person): Fact[] {
  return [
    { label: '编号', value: p.id, identity: true },
    { label: '姓名', value: personName(p) },
    { label: '姓名写法', value: list(p.names.map((n) => n.asGiven)) },
    { label: '性别', value: sexLabel(p.sex) },
    { label: '出生日期', value: p.birthDate ?? '' },
    { label: '身份证号', value: list(p.residentIds.map((r) => r.masked)) },
    { label: '电话', value: list(p.phones.map((ph) => ph.masked)) },
    { label: '地址', value: list((p.addresses ?? []).map(placeOf)) },
    { label: '身份', value: list(p.records.flatMap((r) => r.roles ?? []).map(roleLabel)) },
    { label: '来源渠道', value: list(p.records.map((r) => channelLabel(r.sourceId))) },
    { label: '关联记录', value: `${p.records.length} 条`, identity: true },
    {
      label: '数据冲突',
      value: (p.conflicts ?? []).map((c) => `${c.attribute}：${c.values.join(' / ')}`).join('；'),
    },
  ];
}

export const disputeTitle = (d: Pick<Dispute, 'title' | 'category'>) => d.title ?? d.category.code;

export function disputeFacts(d: Dispute): Fact[] {
  return [
    { label: '编号', value: d.id, identity: true },
    { label: '标题', value: d.title ?? '' },
    { label: '类别', value: `${d.category.code}（${d.category.sourceValue}）` },
    { label: '状态', value: statusLabel(d.status.code) },
    { label: '地点', value: placeOf(d.location) },
    {
      label: '当事人',
      value: d.parties
        .map((p) => `${p.displayName ?? '（未具名）'}（${p.roles.map(roleLabel).join('、')}）`)
        .join('；'),
    },
    { label: '反映渠道', value: list((d.channels ?? []).map(channelLabel)) },
    { label: '首次反映', value: formatTime(d.firstReportedAt) },
    { label: '最近反映', value: formatTime(d.lastReportedAt) },
    { label: '办理期限', value: formatTime(d.deadline?.dueAt) },
    { label: '风险等级', value: riskLabel(d.riskLevel) },
    { label: '督办', value: supervisionLabel(d.supervisionLevel) },
    { label: '关联报告', value: `${d.reports.length} 条`, identity: true },
    { label: '概要', value: d.summary ?? '' },
  ];
}
