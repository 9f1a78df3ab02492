/**
 * The steward console, served by the hub at /console: server-rendered pages (hono JSX) over the same domain
 * operations as the steward API, plain forms (POST, redirect, GET) and one small script for keyboard shortcuts.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { StewardError } from '../../resolution/steward-operations.js';
import type { HubDeps } from '../../runtime/deps.js';
import { InvalidCursorError } from '../../store/record-repository.js';
import { ConcurrentChangeError } from '../../store/unit-of-work.js';
import { type AuthEnv, principalLookup } from '../middleware/auth.js';
import { type RateLimiter, rateLimit } from '../middleware/rate-limit.js';
import { ProblemError } from '../problem.js';
import { auditPage } from './audit-page.js';
import { disputePage } from './dispute-page.js';
import { sendPage } from './layout.js';
import { pairPage } from './pair-page.js';
import { personPage } from './person-page.js';
import { queuePage } from './queue-page.js';
import { InvalidFilterError } from './queue-position.js';
import { requireSession, sameOriginPosts, sessionRoutes } from './session.js';

export function consoleRoutes(deps: HubDeps, options: { limiter?: RateLimiter } = {}) {
  const app = new Hono<AuthEnv>();
  const principalOf = principalLookup(deps.store);
  app.onError(errorPage);
  app.use(sameOriginPosts);
  app.route('/', sessionRoutes({ principalOf, limiter: options.limiter, limited: limitedPage }));
  app.use(requireSession(principalOf));
  if (options.limiter) app.use(rateLimit(options.limiter, (c) => c.get('principal').keyId, limitedPage));
  app.route('/', queuePage(deps));
  app.route('/', pairPage(deps));
  app.route('/', personPage(deps));
  app.route('/', disputePage(deps));
  app.route('/', auditPage(deps));
  return app;
}

function limitedPage(c: Context, retryAfterSeconds: number) {
  return sendPage(
    c,
    {
      title: '请求过于频繁',
      section: 'sign-in',
      status: 429,
      notice: { text: `请求过于频繁，请 ${retryAfterSeconds} 秒后再试。`, error: true },
    },
    <p>
      <a href="/console">返回管理台</a>
    </p>,
  );
}

const stewardMessages: Record<StewardError['code'], [number, string]> = {
  'unknown-review': [404, '没有这个候选对。'],
  'unknown-entity': [404, '找不到该对象，可能已被合并或拆分。'],
  'review-decided': [409, '这一对已经判定过了。'],
  'kept-apart': [409, '这两者此前已被判定为不同，不能合并；如确需合并，请先拆分或撤销原判定。'],
  'invalid-split': [400, '拆分方案无效。'],
};

/** Errors as a page in the console's language, with the hub's own message beneath for the record. */
function errorPage(error: Error, c: Context<AuthEnv>): Response | Promise<Response> {
  let status = 500;
  let text = '管理台处理请求时出错，已记录日志，请稍后重试。';
  if (error instanceof StewardError) [status, text] = stewardMessages[error.code];
  else if (error instanceof ProblemError) [status, text] = [error.status, error.message];
  else if (error instanceof InvalidFilterError) [status, text] = [400, error.message];
  else if (error instanceof InvalidCursorError) [status, text] = [400, '分页位置无效，请从第一页重新开始。'];
  else if (error instanceof ConcurrentChangeError)
    [status, text] = [409, '有其他操作同时修改了该对象，请刷新后重试。'];
  else console.error('console error', error);
  const detail = status === 500 || error instanceof ProblemError ? undefined : error.message;
  return sendPage(
    c,
    {
      title: '出错了',
      section: 'entity',
      principal: c.get('principal'),
      status: status as 400,
      notice: { text, error: true },
    },
    <div class="panel">
      {detail && <p class="muted mono">{detail}</p>}
      <p>
        <a href="/console">返回待判定队列</a>
      </p>
    </div>,
  );
}
