/** The hub's HTTP API (hono): one sub-app per resource, the same app in Lambda and in the local runtime. */
import { Hono } from 'hono';
import type { HubDeps } from '../runtime/deps.js';
import { renderApiReference } from './api-reference.js';
import { buildAsyncApiDocument } from './asyncapi.js';
import { consoleRoutes } from './console/console-app.js';
import { type AuthEnv, authenticate } from './middleware/auth.js';
import { handleError, problem } from './middleware/errors.js';
import { RateLimiter, type RateLimitOptions, rateLimit } from './middleware/rate-limit.js';
import { buildOpenApiDocument } from './openapi.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { entityRoutes } from './routes/entities.js';
import { eventRoutes } from './routes/events.js';
import { exportRoutes } from './routes/export.js';
import { recordRoutes } from './routes/records.js';
import { schemaRoutes } from './routes/schemas.js';
import { sourceRoutes } from './routes/sources.js';
import { statsRoutes } from './routes/stats.js';
import { stewardRoutes } from './routes/steward.js';
import { subscriptionRoutes } from './routes/subscriptions.js';

export interface AppOptions {
  /** Requests per minute per API key (and per address at the console's sign-in); absent: no limit. */
  rateLimit?: RateLimitOptions;
}

export function createApp(deps: HubDeps, options: AppOptions = {}) {
  const limiter = options.rateLimit?.perMinute ? new RateLimiter(options.rateLimit, deps.clock) : undefined;
  const app = new Hono<AuthEnv>();
  app.onError(handleError);
  app.notFound((c) => problem(c, 404, 'not-found', `no route ${c.req.method} ${c.req.path}`));

  app.get('/health', (c) => c.json({ status: 'ok', time: deps.clock.now().toISOString() }));
  app.route('/v1/schemas', schemaRoutes());
  app.get('/asyncapi.json', (c) => c.json(buildAsyncApiDocument(new URL(c.req.url))));
  app.get('/openapi.json', (c) => c.json(buildOpenApiDocument(new URL(c.req.url))));
  app.get('/docs', (c) => c.html(renderApiReference(buildOpenApiDocument(new URL(c.req.url)))));

  const v1 = new Hono<AuthEnv>();
  v1.use(authenticate(deps.store));
  if (limiter) v1.use(rateLimit(limiter, (c) => c.get('principal').keyId));
  v1.route('/api-keys', apiKeyRoutes(deps));
  v1.route('/sources', sourceRoutes(deps));
  v1.route('/records', recordRoutes(deps));
  v1.route('/events', eventRoutes(deps));
  if (deps.delivery) v1.route('/subscriptions', subscriptionRoutes({ ...deps, delivery: deps.delivery }));
  v1.route('/export', exportRoutes(deps));
  v1.route('/stats', statsRoutes(deps));
  v1.route('/', stewardRoutes(deps));
  v1.route('/', entityRoutes(deps));
  app.route('/v1', v1);
  app.route('/console', consoleRoutes(deps, { limiter }));
  return app;
}
