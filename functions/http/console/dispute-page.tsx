/**
 * A dispute: the golden record, what each channel said where they disagree, the merged timeline across channels,
 * risk and deadline, related disputes, the reports by source with their raw content, the audit trail; and the split
 * of a wrongly merged dispute by choosing which reports go where.
 */
import { Hono } from 'hono';
import type { Dispute } from '../../../schemas/generated/types.js';
import { withoutBlindIndexes } from '../../privacy/protect-report.js';
import { splitDispute } from '../../resolution/steward-operations.js';
import { publicDispute, type StoredDispute } from '../../resolution/stored-entities.js';
import type { HubDeps } from '../../runtime/deps.js';
import type { AuthEnv } from '../middleware/auth.js';
import { problems } from '../problem.js';
import { AuditTable } from './audit-page.js';
import { disputeFacts, disputeTitle, placeOf } from './entity-facts.js';
import {
  channelLabel,
  formatTime,
  riskLabel,
  roleLabel,
  statusLabel,
  stepLabel,
  supervisionLabel,
} from './labels.js';
import { sendPage } from './layout.js';
import { loadSourceRecords, RawContent, RecordHeading, type SourceRecordView } from './source-records.js';
import { NewParts, readSplitForm, SplitChoice, SplitForm } from './split-form.js';

const shownReports = 60;

export function disputePage(deps: HubDeps) {
  const app = new Hono<AuthEnv>();

  app.get('/disputes/:id', async (c) => {
    const principal = c.get('principal');
    const id = c.req.param('id');
    const stored = await deps.store.entities.getDispute(id);
    if (!stored) throw problems.notFound('unknown-dispute', `没有编号为 ${id} 的纠纷`);
    if (stored.mergedInto) {
      const current = await deps.store.entities.currentDispute(id);
      return c.redirect(`/console/disputes/${current?.id ?? stored.mergedInto}?from=${id}`, 302);
    }
    const dispute = withoutBlindIndexes(publicDispute(stored));
    const [reports, related, audit] = await Promise.all([
      loadSourceRecords(deps, principal, dispute.reports, shownReports),
      relatedOf(deps, stored),
      deps.store.steward.listAudit({ entityId: id }, 20),
    ]);
    const from = c.req.query('from');
    const split = c.req.query('split');
    const notice = split
      ? `已拆分：移出的报告归入新纠纷 ${split.split(',').join('、')}`
      : from
        ? `${from} 已合并到本纠纷，已自动跳转。`
        : undefined;
    return sendPage(
      c,
      {
        title: disputeTitle(dispute),
        section: 'entity',
        principal,
        ...(notice ? { notice: { text: notice } } : {}),
      },
      <>
        <h1>
          纠纷：{disputeTitle(dispute)} <span class="muted mono">{dispute.id}</span>
        </h1>
        {split && <NewParts ids={split.split(',')} kind="disputes" />}
        <div class="two-col">
          <div class="panel">
            <h2>标准档案</h2>
            <dl class="facts">
              {disputeFacts(dispute).map((f) => (
                <>
                  <dt>{f.label}</dt>
                  <dd>{f.value || <span class="muted">—</span>}</dd>
                </>
              ))}
            </dl>
          </div>
          <div>
            <div class="panel">
              <h2>风险与期限</h2>
              <RiskAndDeadline dispute={dispute} now={deps.clock.now()} />
            </div>
            <div class="panel">
              <h2>关联纠纷</h2>
              {related.length ? (
                <table>
                  <tbody>
                    {related.map(({ dispute: d, reason, score }) => (
                      <tr>
                        <td>
                          <a href={`/console/disputes/${d.id}`}>{disputeTitle(d)}</a>
                        </td>
                        <td>{statusLabel(d.status.code)}</td>
                        <td class="muted">
                          {reason}
                          {score !== undefined ? `（${score.toFixed(2)}）` : ''}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p class="muted">无</p>
              )}
            </div>
          </div>
        </div>
        <div class="panel">
          <h2>各渠道说法（黄色为与标准档案不同）</h2>
          <ChannelAccounts dispute={dispute} reports={reports} />
        </div>
        <div class="panel">
          <h2>跨渠道时间线</h2>
          <Timeline dispute={dispute} />
        </div>
        <div class="panel">
          <h2>来源报告（共 {dispute.reports.length} 条）</h2>
          <SplitForm
            action={`/console/disputes/${dispute.id}/split`}
            noun="纠纷"
            records={dispute.reports.length}
          >
            {reports.map((record, index) => (
              <div class="record" data-record={`${record.sourceId}/${record.sourceRecordId}`}>
                <div style="display:flex;gap:12px;align-items:center">
                  <RecordHeading
                    record={record}
                    linkedBy={
                      dispute.reports.find(
                        (r) => r.sourceId === record.sourceId && r.sourceRecordId === record.sourceRecordId,
                      )?.linkedBy
                    }
                  />
                  {dispute.reports.length > 1 && <SplitChoice index={index} record={record} noun="纠纷" />}
                </div>
                {record.report?.narrative && <div class="muted">{record.report.narrative.slice(0, 200)}</div>}
                <RawContent record={record} />
              </div>
            ))}
          </SplitForm>
        </div>
        <div class="panel">
          <h2>操作记录</h2>
          {audit.items.length ? <AuditTable entries={audit.items} /> : <p class="muted">无</p>}
        </div>
      </>,
    );
  });

  app.post('/disputes/:id/split', async (c) => {
    const { groups, reason } = readSplitForm(await c.req.parseBody());
    const outcome = await splitDispute(deps, {
      disputeId: c.req.param('id'),
      groups,
      reason,
      steward: c.get('principal'),
    });
    return c.redirect(`/console/disputes/${outcome.originalId}?split=${outcome.newIds.join(',')}`, 303);
  });

  return app;
}

function RiskAndDeadline(props: { dispute: Dispute; now: Date }) {
  const { dispute } = props;
  const deadline = dispute.deadline;
  return (
    <dl class="facts">
      <dt>风险等级</dt>
      <dd>{riskLabel(dispute.riskLevel) || '—'}</dd>
      <dt>督办</dt>
      <dd>{supervisionLabel(dispute.supervisionLevel) || '—'}</dd>
      <dt>状态</dt>
      <dd>
        {statusLabel(dispute.status.code)}
        <span class="muted">（{dispute.status.sourceValue}）</span>
      </dd>
      <dt>办理期限</dt>
      <dd>
        {deadline ? (
          <>
            {formatTime(deadline.dueAt)}
            {deadline.basis.rule && <span class="muted">（{deadline.basis.rule}）</span>}
            {!dispute.resolvedAt && Date.parse(deadline.dueAt) < props.now.getTime() && (
              <span class="tag warn">已超期</span>
            )}
          </>
        ) : (
          '—'
        )}
      </dd>
      {dispute.resolvedAt && (
        <>
          <dt>化解时间</dt>
          <dd>{formatTime(dispute.resolvedAt)}</dd>
        </>
      )}
    </dl>
  );
}

/** What each report says of the fields that make the golden record; where it differs from it, highlighted. */
function ChannelAccounts(props: { dispute: Dispute; reports: SourceRecordView[] }) {
  const { dispute } = props;
  const golden = {
    category: dispute.category.code,
    status: statusLabel(dispute.status.code),
    place: dispute.location?.divisionCode,
  };
  return (
    <table>
      <thead>
        <tr>
          <th>渠道</th>
          <th>时间</th>
          <th>类别</th>
          <th>状态</th>
          <th>地点</th>
          <th>当事人</th>
        </tr>
      </thead>
      <tbody>
        {props.reports.map((r) => {
          const report = r.report;
          if (!report) {
            return (
              <tr>
                <td>{channelLabel(r.sourceId)}</td>
                <td colspan={5} class="muted">
                  未处理或已隔离
                </td>
              </tr>
            );
          }
          const differs = (value: string | undefined, goldenValue: string | undefined) =>
            value !== undefined && goldenValue !== undefined && value !== goldenValue
              ? 'background:var(--diff)'
              : undefined;
          return (
            <tr>
              <td>{channelLabel(r.sourceId)}</td>
              <td>{formatTime(report.reportedAt)}</td>
              <td style={differs(report.category.code, golden.category)}>
                {report.category.code}
                <span class="muted">（{report.category.sourceValue}）</span>
              </td>
              <td style={differs(statusLabel(report.status.code), golden.status)}>
                {statusLabel(report.status.code)}
              </td>
              <td style={differs(report.location?.divisionCode, golden.place)}>{placeOf(report.location)}</td>
              <td>
                {report.parties
                  .map(
                    (p) =>
                      `${p.name?.asGiven ?? p.organizationName ?? '（未具名）'}（${p.roles.map(roleLabel).join('、')}）`,
                  )
                  .join('；')}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The reports' arrivals and every handling step, in time order, each with its channel. */
function Timeline(props: { dispute: Dispute }) {
  const { dispute } = props;
  const entries = [
    ...dispute.reports.map((r) => ({
      at: r.reportedAt ?? '',
      channel: r.sourceId,
      text: `经${channelLabel(r.channel)}反映（${r.sourceRecordId}）`,
      supervise: false,
    })),
    ...dispute.steps.map((s) => ({
      at: s.at,
      channel: s.sourceId ?? '',
      text: [
        `${stepLabel(s.action)}（${s.sourceAction}）`,
        s.fromUnit && s.toUnit && s.fromUnit !== s.toUnit
          ? `${s.fromUnit} → ${s.toUnit}`
          : (s.toUnit ?? s.fromUnit),
        s.operator,
        s.comment,
      ]
        .filter(Boolean)
        .join(' · '),
      supervise: s.action === 'supervise' || Boolean(s.supervisionLevel && s.supervisionLevel !== 'normal'),
    })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  if (!entries.length) return <p class="muted">无</p>;
  return (
    <ul class="timeline">
      {entries.map((e) => (
        <li class={e.supervise ? 'supervise' : undefined}>
          <span class="muted">{formatTime(e.at)}</span> <span class="tag">{channelLabel(e.channel)}</span>{' '}
          {e.text}
        </li>
      ))}
    </ul>
  );
}

async function relatedOf(
  deps: HubDeps,
  dispute: StoredDispute,
): Promise<Array<{ dispute: StoredDispute; reason: string; score?: number }>> {
  const related = (dispute.related ?? []).slice(0, 20);
  const found = await Promise.all(related.map((r) => deps.store.entities.currentDispute(r.disputeId)));
  return related.flatMap((r, i) => {
    const d = found[i];
    return d ? [{ dispute: d, reason: r.reason, ...(r.score !== undefined ? { score: r.score } : {}) }] : [];
  });
}
