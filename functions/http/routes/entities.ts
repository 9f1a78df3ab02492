/** The canonical entities: unified disputes and people (blind indexes never leave the hub). */
import { Hono } from 'hono';
import { withoutBlindIndexes } from '../../privacy/protect-report.js';
import type { HubDeps } from '../../runtime/deps.js';
import { type AuthEnv, requireScope } from '../middleware/auth.js';
import { problems } from '../problem.js';

export function entityRoutes(deps: HubDeps) {
  const app = new Hono<AuthEnv>();
  const readers = requireScope('reader', 'steward');

  app.get('/disputes/:id', readers, async (c) => {
    const dispute = await deps.store.entities.getDispute(c.req.param('id'));
    if (!dispute) throw problems.notFound('unknown-dispute', `no dispute "${c.req.param('id')}"`);
    return c.json(withoutBlindIndexes(dispute));
  });

  app.get('/persons/:id', readers, async (c) => {
    const person = await deps.store.entities.getPerson(c.req.param('id'));
    if (!person) throw problems.notFound('unknown-person', `no person "${c.req.param('id')}"`);
    return c.json(withoutBlindIndexes(person));
  });

  return app;
}
