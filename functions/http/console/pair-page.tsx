/**
 * A candidate pair side by side: every field of both (differences highlighted), the evidence that made it a
 * candidate as a waterfall of match weights, and the source records behind each side. The steward decides same or
 * different (s / d, with an optional reason) and lands on the next pair of the list (POST, redirect, GET).
 */
import { Hono } from 'hono';
import type { Dispute, Person } from '../../../schemas/generated/types.js';
import { withoutBlindIndexes } from '../../privacy/protect-report.js';
import type { ReviewItem } from '../../resolution/review-item.js';
import { decideReview, StewardError } from '../../resolution/steward-operations.js';
import { publicDispute, publicPerson } from '../../resolution/stored-entities.js';
import type { HubDeps } from '../../runtime/deps.js';
import type { AuthEnv } from '../middleware/auth.js';
import { problems } from '../problem.js';
import { disputeFacts, type Fact, personFacts } from './entity-facts.js';
import {
  fieldLabel,
  formatTime,
  formatWeight,
  kindLabel,
  levelLabel,
  outcomeNotice,
  proposalLabel,
  reviewStatusLabel,
} from './labels.js';
import { sendPage } from './layout.js';
import { nextPair, positionQuery, type QueuePosition, readPosition, withQuery } from './queue-position.js';
import { loadSourceRecords, SourceRecordList, type SourceRecordView } from './source-records.js';
import { Waterfall } from './waterfall.js';

type Side = Person | Dispute;

const shownRecords = 6;

export function pairPage(deps: HubDeps) {
  const app = new Hono<AuthEnv>();

  app.get('/review/:id', async (c) => {
    const principal = c.get('principal');
    const item = await deps.store.steward.getReview(c.req.param('id'));
    if (!item) throw problems.notFound('unknown-review', `没有编号为 ${c.req.param('id')} 的候选对`);
    const position = readPosition(c.req.query());
    const [left, right, next] = await Promise.all([
      sideOf(deps, item.kind, item.leftId),
      sideOf(deps, item.kind, item.rightId),
      nextPair(deps, position, item.id),
    ]);
    const refsOf = (side: Side | undefined) =>
      side ? ('records' in side ? side.records : side.reports) : [];
    const [leftRecords, rightRecords] = await Promise.all([
      loadSourceRecords(deps, principal, refsOf(left), shownRecords),
      loadSourceRecords(deps, principal, refsOf(right), shownRecords),
    ]);
    const done = outcomeNotice(c.req.query('done'));
    const nextHref = next
      ? withQuery(`/console/review/${next.item.id}`, positionQuery({ ...position, at: next.at }))
      : undefined;
    const queueHref = withQuery('/console', positionQuery(position));
    return sendPage(
      c,
      {
        title: `${kindLabel(item.kind)}比对`,
        section: 'queue',
        principal,
        ...(done ? { notice: { text: done } } : {}),
      },
      <>
        <div class="pair-head">
          <h1>{item.kind === 'person' ? '人员比对' : '纠纷比对'}</h1>
          <span class={`tag ${item.status === 'open' ? 'warn' : ''}`}>{reviewStatusLabel(item.status)}</span>
          <span>
            得分 <b data-score>{item.score.toFixed(2)}</b>
            <span class="muted">
              （人工复核 ≥ {item.thresholds.review}，自动关联 ≥ {item.thresholds.link}）
            </span>
          </span>
          <span class="muted">{proposalLabel(item.proposedBecause)}</span>
          <span style="margin-left:auto">
            <a href={queueHref} data-key="q">
              返回队列 <kbd>q</kbd>
            </a>
            {nextHref && (
              <>
                {' · '}
                <a href={nextHref} data-key="n" data-next>
                  跳过，下一对 <kbd>n</kbd>
                </a>
              </>
            )}
          </span>
        </div>
        {item.status !== 'open' && <Decided item={item} />}
        {left && right && left.id === right.id && (
          <div class="notice">
            两边已是同一{kindLabel(item.kind)}（已通过其他判定合并），这一对无需再判定。
          </div>
        )}
        <div class="two-col">
          <div class="panel">
            <h2>逐项对照（黄色为不同）</h2>
            <Comparison kind={item.kind} left={left} right={right} />
          </div>
          <div class="panel">
            <h2>匹配依据</h2>
            <Waterfall evidence={item.evidence} score={item.score} thresholds={item.thresholds} />
            <EvidenceTable item={item} />
          </div>
        </div>
        <div class="pair-grid">
          <SideRecords title="左侧来源记录" side={left} records={leftRecords} />
          <SideRecords title="右侧来源记录" side={right} records={rightRecords} />
        </div>
        {item.status === 'open' && <DecisionForm item={item} position={position} />}
      </>,
    );
  });

  app.post('/review/:id', async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : undefined);
    const position = readPosition({
      kind: field('kind'),
      source: field('source'),
      division: field('division'),
      at: field('at'),
    });
    const decision = field('decision');
    if (decision !== 'same' && decision !== 'different') {
      throw problems.badRequest('invalid-body', '请选择“相同”或“不同”');
    }
    const reason = field('reason')?.trim().slice(0, 2000) || undefined;
    // 1. The pair after this one, read before deciding (the decided pair leaves the list).
    const next = await nextPair(deps, position, id);
    // 2. The same domain operation as POST /v1/review/:id.
    let done: string = decision;
    try {
      await decideReview(deps, { reviewId: id, decision, reason, steward: c.get('principal') });
    } catch (error) {
      if (!(error instanceof StewardError && error.code === 'review-decided')) throw error;
      done = 'taken';
    }
    // 3. On to the next pair, or back to the queue when none is left.
    return c.redirect(
      next
        ? withQuery(`/console/review/${next.item.id}`, positionQuery({ ...position, at: next.at }, { done }))
        : withQuery('/console', positionQuery({ filter: position.filter }, { done })),
      303,
    );
  });

  return app;
}

async function sideOf(deps: HubDeps, kind: ReviewItem['kind'], id: string): Promise<Side | undefined> {
  if (kind === 'person') {
    const person = await deps.store.entities.currentPerson(id);
    return person && withoutBlindIndexes(publicPerson(person));
  }
  const dispute = await deps.store.entities.currentDispute(id);
  return dispute && withoutBlindIndexes(publicDispute(dispute));
}

const entityHref = (kind: ReviewItem['kind'], id: string) =>
  `/console/${kind === 'person' ? 'persons' : 'disputes'}/${id}`;

function Comparison(props: { kind: ReviewItem['kind']; left?: Side; right?: Side }) {
  const facts = (side: Side | undefined): Fact[] | undefined =>
    side && ('records' in side ? personFacts(side) : disputeFacts(side));
  const [left, right] = [facts(props.left), facts(props.right)];
  const rows = (left ?? right ?? []).map((f, i) => ({
    label: f.label,
    identity: f.identity,
    left: left?.[i]?.value ?? '',
    right: right?.[i]?.value ?? '',
  }));
  return (
    <table class="compare">
      <thead>
        <tr>
          <th class="field">字段</th>
          <th>
            左{' '}
            {props.left && (
              <a href={entityHref(props.kind, props.left.id)} data-side="left">
                查看详情
              </a>
            )}
          </th>
          <th>
            右{' '}
            {props.right && (
              <a href={entityHref(props.kind, props.right.id)} data-side="right">
                查看详情
              </a>
            )}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const differs = !row.identity && row.left !== row.right;
          return (
            <tr class={differs ? 'diff' : undefined} data-differs={differs ? 'yes' : 'no'}>
              <th class="field">{row.label}</th>
              <td>{row.left || <span class="muted">—</span>}</td>
              <td>{row.right || <span class="muted">—</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function EvidenceTable(props: { item: ReviewItem }) {
  return (
    <details>
      <summary class="muted">逐项依据明细</summary>
      <table>
        <thead>
          <tr>
            <th>字段</th>
            <th>比较结果</th>
            <th>权重</th>
            <th>说明</th>
          </tr>
        </thead>
        <tbody>
          {props.item.evidence.map((e) => (
            <tr>
              <td>{fieldLabel(e.field)}</td>
              <td>{levelLabel(e.level)}</td>
              <td class="mono">{formatWeight(e.weight)}</td>
              <td class="muted">{e.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function SideRecords(props: { title: string; side?: Side; records: SourceRecordView[] }) {
  const { side } = props;
  const refs = side ? ('records' in side ? side.records : side.reports) : [];
  return (
    <div class="panel">
      <h2>
        {props.title} <span class="muted">（共 {refs.length} 条）</span>
      </h2>
      {side ? (
        <SourceRecordList
          records={props.records}
          total={refs.length}
          linkOf={(r) =>
            refs.find((x) => x.sourceId === r.sourceId && x.sourceRecordId === r.sourceRecordId)?.linkedBy
          }
        />
      ) : (
        <p class="muted">找不到这一侧的对象。</p>
      )}
    </div>
  );
}

function Decided(props: { item: ReviewItem }) {
  const { item } = props;
  return (
    <div class="notice">
      {reviewStatusLabel(item.status)}（{formatTime(item.decidedAt)}，操作人{' '}
      {item.decidedBy ? <a href={`/console/audit?entity=${item.leftId}`}>{item.decidedBy}</a> : '—'}）
      {item.reason ? `，理由：${item.reason}` : ''}
    </div>
  );
}

function DecisionForm(props: { item: ReviewItem; position: QueuePosition }) {
  const { item, position } = props;
  const person = item.kind === 'person';
  return (
    <form class="decide" method="post" action={`/console/review/${item.id}`}>
      <input type="hidden" name="kind" value={position.filter.kind ?? ''} />
      <input type="hidden" name="source" value={position.filter.sourceId ?? ''} />
      <input type="hidden" name="division" value={position.filter.division ?? ''} />
      <input type="hidden" name="at" value={position.at ?? ''} />
      <textarea
        name="reason"
        maxlength={2000}
        placeholder="判定理由（可选），如：身份证号一致、电话核实为同一人。输入后按 Esc 再用快捷键"
        aria-label="判定理由"
      />
      <button class="same" type="submit" name="decision" value="same" data-key="s">
        {person ? '是同一人' : '是同一纠纷'} <kbd>s</kbd>
      </button>
      <button class="different" type="submit" name="decision" value="different" data-key="d">
        {person ? '不是同一人' : '不是同一纠纷'} <kbd>d</kbd>
      </button>
    </form>
  );
}
