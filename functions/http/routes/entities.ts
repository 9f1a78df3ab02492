/** The canonical entities: unified disputes and people (blind indexes never leave the hub). */
import { type Context, Hono } from 'hono';
import { canSeePersonalData, type Principal } from '../../access/api-keys.js';
import { maskRaw } from '../../privacy/mask-raw.js';
import { withoutBlindIndexes } from '../../privacy/protect-report.js';
import { publicDispute, publicPerson } from '../../resolution/stored-entities.js';
import type { HubDeps } from '../../runtime/deps.js';
import { type AuthEnv, requireScope } from '../middleware/auth.js';
import { problems } from '../problem.js';

export function entityRoutes(deps: HubDeps) {
  const app = new Hono<AuthEnv>();
  const readers = requireScope('reader', 'steward');

  app.get('/disputes/:id', readers, async (c) => {
    const dispute = await deps.store.entities.getDispute(c.req.param('id'));
    if (!dispute) throw problems.notFound('unknown-dispute', `no dispute "${c.req.param('id')}"`);
    if (dispute.mergedInto) return redirect(c, `/v1/disputes/${dispute.mergedInto}`, dispute);
    return c.json(shown(c.get('principal'), withoutBlindIndexes(publicDispute(dispute))));
  });

  app.get('/persons/:id', readers, async (c) => {
    const person = await deps.store.entities.getPerson(c.req.param('id'));
    if (!person) throw problems.notFound('unknown-person', `no person "${c.req.param('id')}"`);
    if (person.mergedInto) return redirect(c, `/v1/persons/${person.mergedInto}`, person);
    return c.json(shown(c.get('principal'), withoutBlindIndexes(publicPerson(person))));
  });

  return app;
}

/** A merged id answers with a permanent redirect to the survivor (which may itself redirect, after later merges). */
function redirect(c: Context, location: string, entity: { id: string; mergedInto?: string }) {
  c.header('Location', location);
  return c.json({ id: entity.id, mergedInto: entity.mergedInto, href: location }, 308);
}

/** Free text (a summary quoting a phone number) is masked for readers without the pii scope. */
function shown<T>(principal: Principal, entity: T): T {
  return canSeePersonalData(principal) ? entity : (maskRaw(entity) as T);
}
