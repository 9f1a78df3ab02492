/** The audit log: every steward decision, newest first, searchable by entity and by steward (key id). */
import { Hono } from 'hono';
import type { AuditEntry } from '../../resolution/review-item.js';
import type { HubDeps } from '../../runtime/deps.js';
import type { AuthEnv } from '../middleware/auth.js';
import { actionLabel, formatTime } from './labels.js';
import { sendPage } from './layout.js';
import { withQuery } from './queue-position.js';

const auditPageSize = 50;

export function auditPage(deps: HubDeps) {
  const app = new Hono<AuthEnv>();

  app.get('/audit', async (c) => {
    const principal = c.get('principal');
    const entity = c.req.query('entity')?.trim() || undefined;
    const steward = c.req.query('steward')?.trim() || undefined;
    const cursor = c.req.query('cursor') || undefined;
    const page = await deps.store.steward.listAudit(
      { entityId: entity, actor: steward },
      auditPageSize,
      cursor,
    );
    const query = (extra: Record<string, string | undefined>) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries({ entity, steward, ...extra })) if (v) params.set(k, v);
      return params.toString();
    };
    return sendPage(
      c,
      { title: '操作记录', section: 'audit', principal },
      <>
        <div class="panel">
          <form class="filters" method="get" action="/console/audit">
            <label>
              对象编号（人员 per_… / 纠纷 dsp_…）
              <input name="entity" value={entity ?? ''} size={34} data-filter />
            </label>
            <label>
              管理员（密钥编号 key_…）
              <input name="steward" value={steward ?? ''} size={34} />
            </label>
            <button class="primary" type="submit">
              查询
            </button>
            <a href={withQuery('/console/audit', query({ entity, steward: principal.keyId }))}>只看我的</a>
            <a href="/console/audit">清除</a>
          </form>
        </div>
        <div class="panel">
          {page.items.length ? (
            <AuditTable entries={page.items} />
          ) : (
            <p class="muted">没有符合条件的操作记录。</p>
          )}
          <div class="pager">
            {cursor && <a href={withQuery('/console/audit', query({}))}>« 最新</a>}
            {page.cursor && <a href={withQuery('/console/audit', query({ cursor: page.cursor }))}>更早 »</a>}
          </div>
        </div>
      </>,
    );
  });

  return app;
}

const entityLink = (id: string) =>
  id.startsWith('per_')
    ? `/console/persons/${id}`
    : id.startsWith('dsp_')
      ? `/console/disputes/${id}`
      : undefined;

export function AuditTable(props: { entries: AuditEntry[] }) {
  return (
    <table data-audit>
      <thead>
        <tr>
          <th>时间</th>
          <th>管理员</th>
          <th>操作</th>
          <th>涉及对象</th>
          <th>理由</th>
          <th>候选对</th>
        </tr>
      </thead>
      <tbody>
        {props.entries.map((e) => (
          <tr data-action={e.action}>
            <td>{formatTime(e.at)}</td>
            <td>
              <a href={`/console/audit?steward=${encodeURIComponent(e.actor)}`}>{e.actorName ?? e.actor}</a>
            </td>
            <td>{actionLabel(e.action)}</td>
            <td class="mono">
              {e.entityIds.map((id) => {
                const href = entityLink(id);
                return <div>{href ? <a href={href}>{id}</a> : id}</div>;
              })}
            </td>
            <td>{e.reason ?? ''}</td>
            <td class="mono">
              {e.reviewId ? <a href={`/console/review/${e.reviewId}`}>{e.reviewId}</a> : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
