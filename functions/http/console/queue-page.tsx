/**
 * The review queue: open candidate pairs, most consequential first, 50 a page (paged on the server by cursor),
 * filterable by entity kind, source and division. j/k move, Enter opens, / jumps to the filters.
 */
import { Hono } from 'hono';
import type { ReviewItem } from '../../resolution/review-item.js';
import type { HubDeps } from '../../runtime/deps.js';
import type { AuthEnv } from '../middleware/auth.js';
import { disputeTitle, personName } from './entity-facts.js';
import { channelLabel, formatTime, kindLabel, outcomeNotice, proposalLabel } from './labels.js';
import { sendPage } from './layout.js';
import { pageSize, positionQuery, type QueuePosition, readPosition, withQuery } from './queue-position.js';

export function queuePage(deps: HubDeps) {
  const app = new Hono<AuthEnv>();

  app.get('/', async (c) => {
    const position = readPosition(c.req.query());
    const [page, sources] = await Promise.all([
      deps.store.steward.listOpen(position.filter, pageSize, position.at),
      sourceChoices(deps),
    ]);
    const names = await sideNames(deps, page.items);
    const done = outcomeNotice(c.req.query('done'));
    return sendPage(
      c,
      {
        title: '待判定队列',
        section: 'queue',
        principal: c.get('principal'),
        ...(done ? { notice: { text: `${done}队列中没有更多候选对了。` } } : {}),
      },
      <>
        <div class="panel">
          <form class="filters" method="get" action="/console">
            <label>
              类型
              <select name="kind" data-filter>
                <option value="">全部</option>
                <option value="person" selected={position.filter.kind === 'person'}>
                  人员
                </option>
                <option value="dispute" selected={position.filter.kind === 'dispute'}>
                  纠纷
                </option>
              </select>
            </label>
            <label>
              来源
              <select name="source">
                <option value="">全部来源</option>
                {sources.map((s) => (
                  <option value={s.id} selected={position.filter.sourceId === s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              行政区划（代码前缀）
              <input
                name="division"
                value={position.filter.division ?? ''}
                placeholder="如 330681109"
                size={14}
                inputmode="numeric"
              />
            </label>
            <button class="primary" type="submit">
              筛选
            </button>
            <a href="/console">清除</a>
            <span class="muted" style="margin-left:auto">
              按“处理影响 × 不确定度”排序，每页 {pageSize} 条
            </span>
          </form>
        </div>
        <div class="panel">
          {page.items.length === 0 ? (
            <p class="muted">没有待判定的候选对。</p>
          ) : (
            <QueueTable items={page.items} names={names} position={position} />
          )}
          <div class="pager">
            {position.at && (
              <a href={withQuery('/console', positionQuery({ filter: position.filter }))}>« 第一页</a>
            )}
            {page.cursor && (
              <a
                href={withQuery('/console', positionQuery({ filter: position.filter, at: page.cursor }))}
                data-key="]"
              >
                下一页 »
              </a>
            )}
            <span class="muted">本页 {page.items.length} 对</span>
          </div>
        </div>
      </>,
    );
  });

  return app;
}

function QueueTable(props: { items: ReviewItem[]; names: Map<string, string>; position: QueuePosition }) {
  const query = positionQuery(props.position);
  return (
    <table class="queue">
      <thead>
        <tr>
          <th>优先级</th>
          <th>类型</th>
          <th>候选对</th>
          <th>得分</th>
          <th>涉及记录</th>
          <th>来源</th>
          <th>区划</th>
          <th>提出原因</th>
          <th>进入队列</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((item) => {
          const { review, link } = item.thresholds;
          const share = Math.max(0, Math.min(1, (item.score - review) / Math.max(0.01, link - review)));
          return (
            <tr data-row data-review={item.id}>
              <td>{item.priority}</td>
              <td>
                <span class={`tag ${item.kind}`}>{kindLabel(item.kind)}</span>
              </td>
              <td class="names">
                <a href={withQuery(`/console/review/${item.id}`, query)} data-open>
                  {props.names.get(item.leftId) ?? item.leftId} ⇄{' '}
                  {props.names.get(item.rightId) ?? item.rightId}
                </a>
              </td>
              <td>
                <span class="score" title={`人工复核阈值 ${review}，自动关联阈值 ${link}`}>
                  <span class="scorebar">
                    <i style={`width:${Math.round(share * 100)}%`} />
                  </span>
                  {item.score.toFixed(2)}
                </span>
              </td>
              <td>{item.records}</td>
              <td>
                {item.sourceIds.map((s) => (
                  <span class="tag">{channelLabel(s)}</span>
                ))}
              </td>
              <td class="mono">{item.divisionCode ?? ''}</td>
              <td>{proposalLabel(item.proposedBecause)}</td>
              <td>{formatTime(item.createdAt)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The sources a steward can filter by: built-in and registered, by display name. */
async function sourceChoices(deps: HubDeps): Promise<Array<{ id: string; name: string }>> {
  const builtin = deps.adapters.builtinAdapters().map((a) => ({ id: a.sourceId, name: a.displayName }));
  const registered = (await deps.adapters.registeredSources()).map((r) => ({
    id: r.sourceId,
    name: r.displayName,
  }));
  return [...builtin, ...registered];
}

/** A readable name for every side of the page's pairs: two batch reads, whatever the page size. */
async function sideNames(deps: HubDeps, items: ReviewItem[]): Promise<Map<string, string>> {
  const ids = (kind: ReviewItem['kind']) =>
    items.filter((i) => i.kind === kind).flatMap((i) => [i.leftId, i.rightId]);
  const [persons, disputes] = await Promise.all([
    deps.store.entities.getPersons(ids('person')),
    deps.store.entities.getDisputes(ids('dispute')),
  ]);
  const names = new Map<string, string>();
  for (const p of persons) names.set(p.id, personName(p));
  for (const d of disputes) names.set(d.id, disputeTitle(d));
  return names;
}
