/**
 * A person: the golden record, the values sources disagree on, the contributing records by source (what each said
 * about the person, and its raw content), the disputes they are party to, the audit trail; and the split of a wrongly
 * merged person by choosing which records go where.
 */
import { Hono } from 'hono';
import type { PartyMention } from '../../../schemas/generated/types.js';
import { withoutBlindIndexes } from '../../privacy/protect-report.js';
import { splitPerson } from '../../resolution/steward-operations.js';
import { publicPerson, type StoredDispute } from '../../resolution/stored-entities.js';
import type { HubDeps } from '../../runtime/deps.js';
import type { AuthEnv } from '../middleware/auth.js';
import { problems } from '../problem.js';
import { AuditTable } from './audit-page.js';
import { disputeTitle, personFacts, personName, placeOf } from './entity-facts.js';
import { channelLabel, formatTime, riskLabel, roleLabel, statusLabel } from './labels.js';
import { sendPage } from './layout.js';
import { loadSourceRecords, RawContent, RecordHeading, type SourceRecordView } from './source-records.js';
import { NewParts, readSplitForm, SplitChoice, SplitForm } from './split-form.js';

const shownRecords = 60;

export function personPage(deps: HubDeps) {
  const app = new Hono<AuthEnv>();

  app.get('/persons/:id', async (c) => {
    const principal = c.get('principal');
    const id = c.req.param('id');
    const stored = await deps.store.entities.getPerson(id);
    if (!stored) throw problems.notFound('unknown-person', `没有编号为 ${id} 的人员`);
    if (stored.mergedInto) {
      const current = await deps.store.entities.currentPerson(id);
      return c.redirect(`/console/persons/${current?.id ?? stored.mergedInto}?from=${id}`, 302);
    }
    const person = withoutBlindIndexes(publicPerson(stored));
    const [records, audit] = await Promise.all([
      loadSourceRecords(deps, principal, person.records, shownRecords),
      deps.store.steward.listAudit({ entityId: id }, 20),
    ]);
    const disputes = await disputesOf(deps, records);
    const ownIds = new Set([stored.id, ...(stored.mergedFrom ?? [])]);
    const from = c.req.query('from');
    const split = c.req.query('split');
    const notice = split
      ? `已拆分：移出的记录归入新人员 ${split.split(',').join('、')}`
      : from
        ? `${from} 已合并到本人员，已自动跳转。`
        : undefined;
    const bySource = new Map<string, SourceRecordView[]>();
    for (const r of records) bySource.set(r.sourceId, [...(bySource.get(r.sourceId) ?? []), r]);
    return sendPage(
      c,
      {
        title: personName(person),
        section: 'entity',
        principal,
        ...(notice ? { notice: { text: notice } } : {}),
      },
      <>
        <h1>
          人员：{personName(person)} <span class="muted mono">{person.id}</span>
        </h1>
        {split && <NewParts ids={split.split(',')} kind="persons" />}
        <div class="two-col">
          <div class="panel">
            <h2>标准档案</h2>
            <dl class="facts">
              {personFacts(person).map((f) => (
                <>
                  <dt>{f.label}</dt>
                  <dd>{f.value || <span class="muted">—</span>}</dd>
                </>
              ))}
            </dl>
          </div>
          <div>
            <div class="panel">
              <h2>冲突值</h2>
              <Conflicts person={person} />
            </div>
            <div class="panel">
              <h2>涉及纠纷</h2>
              {disputes.length ? (
                <table>
                  <tbody>
                    {disputes.map((d) => (
                      <tr>
                        <td>
                          <a href={`/console/disputes/${d.id}`}>{disputeTitle(d)}</a>
                        </td>
                        <td>{statusLabel(d.status.code)}</td>
                        <td>{riskLabel(d.riskLevel)}</td>
                        <td>{d.deadline ? `期限 ${formatTime(d.deadline.dueAt)}` : ''}</td>
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
          <h2>来源记录（按来源，共 {person.records.length} 条）</h2>
          <SplitForm
            action={`/console/persons/${person.id}/split`}
            noun="人员"
            records={person.records.length}
          >
            {[...bySource].map(([sourceId, group]) => (
              <div>
                <h2 style="margin-top:8px">
                  {channelLabel(sourceId)} <span class="muted">{group.length} 条</span>
                </h2>
                {group.map((record) => (
                  <ContributingRecord
                    record={record}
                    index={records.indexOf(record)}
                    ownIds={ownIds}
                    linkedBy={
                      person.records.find(
                        (r) => r.sourceId === record.sourceId && r.sourceRecordId === record.sourceRecordId,
                      )?.linkedBy
                    }
                    canSplit={person.records.length > 1}
                  />
                ))}
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

  app.post('/persons/:id/split', async (c) => {
    const { groups, reason } = readSplitForm(await c.req.parseBody());
    const outcome = await splitPerson(deps, {
      personId: c.req.param('id'),
      groups,
      reason,
      steward: c.get('principal'),
    });
    return c.redirect(`/console/persons/${outcome.originalId}?split=${outcome.newIds.join(',')}`, 303);
  });

  return app;
}

function Conflicts(props: { person: ReturnType<typeof publicPerson> }) {
  const { person } = props;
  const rows = [
    ...(person.names.length > 1
      ? [{ attribute: '姓名写法', values: person.names.map((n) => n.asGiven) }]
      : []),
    ...(person.residentIds.length > 1
      ? [{ attribute: '身份证号', values: person.residentIds.map((r) => r.masked) }]
      : []),
    ...(person.conflicts ?? []),
  ];
  if (!rows.length) return <p class="muted">各来源说法一致。</p>;
  return (
    <table>
      <tbody>
        {rows.map((r) => (
          <tr>
            <th>{r.attribute}</th>
            <td>{[...new Set(r.values)].join(' / ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ContributingRecord(props: {
  record: SourceRecordView;
  index: number;
  ownIds: ReadonlySet<string>;
  linkedBy?: { method: string; decidedBy: string; score?: number };
  canSplit: boolean;
}) {
  const { record } = props;
  const partyIds = record.state?.entities?.partyPersonIds ?? [];
  const mentions = (record.report?.parties ?? []).filter((_, i) => props.ownIds.has(partyIds[i] ?? ''));
  return (
    <div class="record" data-record={`${record.sourceId}/${record.sourceRecordId}`}>
      <div style="display:flex;gap:12px;align-items:center">
        <RecordHeading record={record} linkedBy={props.linkedBy} />
        {props.canSplit && <SplitChoice index={props.index} record={record} noun="人员" />}
      </div>
      {mentions.map((m) => (
        <div>所述：{describeMention(m)}</div>
      ))}
      <RawContent record={record} />
    </div>
  );
}

function describeMention(m: PartyMention): string {
  return [
    m.name?.asGiven,
    m.roles.map(roleLabel).join('、'),
    m.residentId?.masked,
    ...(m.phones ?? []).map((p) => p.masked),
    ...(m.addresses ?? []).map(placeOf),
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The disputes the person's records belong to, each as it is now. */
async function disputesOf(deps: HubDeps, records: SourceRecordView[]): Promise<StoredDispute[]> {
  const ids = [
    ...new Set(records.map((r) => r.state?.entities?.disputeId).filter((d): d is string => Boolean(d))),
  ];
  const found = await Promise.all(ids.slice(0, 30).map((id) => deps.store.entities.currentDispute(id)));
  const unique = new Map(found.filter((d): d is StoredDispute => Boolean(d)).map((d) => [d.id, d]));
  return [...unique.values()];
}
