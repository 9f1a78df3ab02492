/** API keys: admins mint keys with scopes (the key is shown once), list and revoke them. */
import { Hono } from 'hono';
import { z } from 'zod';
import { isScope, mintApiKey, type Scope } from '../../access/api-keys.js';
import { disableSubscriptionsOf } from '../../events/manage-subscriptions.js';
import type { HubDeps } from '../../runtime/deps.js';
import { type AuthEnv, requireScope } from '../middleware/auth.js';
import { problems } from '../problem.js';
import { parseJson } from '../validation.js';

export const createBody = z
  .object({
    name: z.string().min(1).max(100),
    scopes: z
      .array(
        z.string().refine(isScope, {
          message: 'unknown scope; use admin, steward, subscriber, reader, pii or source:<id>',
        }),
      )
      .min(1),
  })
  .strict();

export function apiKeyRoutes(deps: HubDeps) {
  const app = new Hono<AuthEnv>();
  app.use(requireScope('admin'));

  app.post('/', async (c) => {
    const body = parseJson(createBody, await c.req.text());
    for (const scope of body.scopes) {
      if (scope.startsWith('source:') && !(await deps.adapters.has(scope.slice('source:'.length)))) {
        throw problems.badRequest(
          'unknown-source',
          `scope "${scope}" names an unknown source; register the source first`,
          [{ path: 'scopes', message: `unknown source in "${scope}"` }],
        );
      }
    }
    const { key, record } = mintApiKey({
      name: body.name,
      scopes: body.scopes as Scope[],
      createdBy: c.get('principal').keyId,
      at: deps.clock.now(),
    });
    await deps.store.apiKeys.put(record);
    return c.json(
      { id: record.id, name: record.name, scopes: record.scopes, key, createdAt: record.createdAt },
      201,
    );
  });

  app.get('/', async (c) => {
    const keys = await deps.store.apiKeys.list();
    return c.json({
      items: keys.map(({ keyHash: _h, ...k }) => k),
    });
  });

  app.delete('/:id', async (c) => {
    const keys = await deps.store.apiKeys.list();
    const record = keys.find((k) => k.id === c.req.param('id'));
    if (!record) throw problems.notFound('unknown-api-key', `no API key "${c.req.param('id')}"`);
    await deps.store.apiKeys.revoke(record.keyHash, deps.clock.now().toISOString());
    if (deps.delivery) await disableSubscriptionsOf({ ...deps, delivery: deps.delivery }, record.id);
    return c.body(null, 204);
  });

  return app;
}
