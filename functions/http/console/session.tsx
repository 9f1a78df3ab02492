/**
 * Signing in to the console with an API key that holds `steward` (or `admin`): the key is kept in an HttpOnly,
 * SameSite=Strict cookie scoped to /console and never written back into a page. Every page checks it again (a revoked
 * key is refused within the auth cache's 30 s), and every POST must come from the console's own origin.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { hasScope, type Principal } from '../../access/api-keys.js';
import type { AuthEnv } from '../middleware/auth.js';
import { clientAddress, type RateLimiter, rateLimit } from '../middleware/rate-limit.js';
import { sendPage } from './layout.js';

export const sessionCookie = 'qiao_console';
const sessionSeconds = 12 * 3600;

export type PrincipalOf = (key: string) => Promise<Principal | undefined>;

const isSteward = (p: Principal) => hasScope(p, 'steward');

/** Where to go after signing in: a console path only (never another site). */
function safeNext(next: string | undefined): string {
  return next && /^\/console(?:[/?]|$)/.test(next) && !next.includes('\\') ? next : '/console';
}

export function sessionRoutes(options: {
  principalOf: PrincipalOf;
  limiter?: RateLimiter;
  limited: (c: Context, retryAfterSeconds: number) => Response | Promise<Response>;
}) {
  const app = new Hono<AuthEnv>();

  app.get('/sign-in', (c) => signInPage(c, safeNext(c.req.query('next'))));

  if (options.limiter) {
    // Before a key is known, sign-in attempts are counted per client address.
    app.post(
      '/sign-in',
      rateLimit(options.limiter, (c) => `ip:${clientAddress(c)}`, options.limited),
    );
  }
  app.post('/sign-in', async (c) => {
    const form = await c.req.parseBody();
    const key = typeof form.key === 'string' ? form.key.trim() : '';
    const next = safeNext(typeof form.next === 'string' ? form.next : undefined);
    const principal = key ? await options.principalOf(key) : undefined;
    if (!principal) return signInPage(c, next, '密钥无效或已被吊销，请检查后重试。', 401);
    if (!isSteward(principal)) {
      return signInPage(c, next, `密钥“${principal.name}”没有数据管理（steward）权限，不能登录管理台。`, 403);
    }
    setCookie(c, sessionCookie, key, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/console',
      secure: new URL(c.req.url).protocol === 'https:',
      maxAge: sessionSeconds,
    });
    return c.redirect(next, 303);
  });

  app.post('/sign-out', (c) => {
    deleteCookie(c, sessionCookie, { path: '/console' });
    return c.redirect('/console/sign-in', 303);
  });

  return app;
}

/** Pages after sign-in: the cookie's key must still be valid and hold `steward`; otherwise, back to sign-in. */
export function requireSession(principalOf: PrincipalOf): MiddlewareHandler<AuthEnv> {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const key = getCookie(c, sessionCookie);
    const principal = key ? await principalOf(key) : undefined;
    if (!principal || !isSteward(principal)) {
      if (key) deleteCookie(c, sessionCookie, { path: '/console' });
      const url = new URL(c.req.url);
      const back = c.req.method === 'GET' ? `?next=${encodeURIComponent(url.pathname + url.search)}` : '';
      return c.redirect(`/console/sign-in${back}`, 303);
    }
    c.set('principal', principal);
    await next();
  });
}

/**
 * Refuses a state-changing request sent from another site (CSRF): the browser's `Sec-Fetch-Site` must say
 * same-origin, or, where it is not sent, `Origin` must be this origin. SameSite=Strict is the second line.
 */
export const sameOriginPosts: MiddlewareHandler<AuthEnv> = createMiddleware<AuthEnv>(async (c, next) => {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
  const site = c.req.header('Sec-Fetch-Site');
  const origin = c.req.header('Origin');
  const allowed = site ? site === 'same-origin' : origin === new URL(c.req.url).origin;
  if (!allowed) {
    return sendPage(
      c,
      {
        title: '请求被拒绝',
        section: 'sign-in',
        status: 403,
        notice: { text: '拒绝来自其他网站的提交。', error: true },
      },
      <p>
        请直接在管理台页面内操作。<a href="/console">返回管理台</a>
      </p>,
    );
  }
  await next();
});

function signInPage(c: Context, next: string, error?: string, status: 200 | 401 | 403 = 200) {
  return sendPage(
    c,
    { title: '登录', section: 'sign-in', status, ...(error ? { notice: { text: error, error: true } } : {}) },
    <div class="panel signin">
      <h1>登录数据管理台</h1>
      <p class="muted">
        请输入具有数据管理（steward）权限的 API 密钥。密钥只保存在本浏览器的会话 Cookie 中。
      </p>
      <form method="post" action="/console/sign-in">
        <input type="hidden" name="next" value={next} />
        <label>
          API 密钥
          <input
            type="password"
            name="key"
            autocomplete="off"
            required
            autofocus
            placeholder="qiao_…"
            aria-label="API 密钥"
          />
        </label>
        <button class="primary" type="submit">
          登录
        </button>
      </form>
    </div>,
  );
}
