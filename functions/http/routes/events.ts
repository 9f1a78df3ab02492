/**
 * The unified event stream as Server-Sent Events. Each event's SSE id is its position in the event log, so a client
 * that reconnects with `Last-Event-ID` (or `?after=`) resumes exactly where it left off.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { isStaleHole } from '../../events/subscription-feed.js';
import type { HubDeps } from '../../runtime/deps.js';
import { type AuthEnv, requireScope } from '../middleware/auth.js';
import { parseQuery } from '../validation.js';

export const streamQuery = z.object({
  after: z.coerce.number().int().min(0).optional(),
  types: z.string().optional(),
});

const pollMs = 1000;
const heartbeatMs = 15_000;

export function eventRoutes(deps: HubDeps) {
  const app = new Hono<AuthEnv>();
  app.use(requireScope('subscriber', 'reader'));

  app.get('/stream', (c) => {
    const query = parseQuery(streamQuery, c.req.query());
    const lastEventId = Number(c.req.header('Last-Event-ID'));
    let position = Number.isInteger(lastEventId) && lastEventId >= 0 ? lastEventId : (query.after ?? 0);
    const types = query.types ? new Set(query.types.split(',').map((t) => t.trim())) : undefined;
    return streamSSE(c, async (stream) => {
      let closed = false;
      let wake: (() => void) | undefined;
      const unsubscribe = deps.liveEvents?.subscribe(() => wake?.());
      stream.onAbort(() => {
        closed = true;
        wake?.();
      });
      let lastWrite = Date.now();
      try {
        while (!closed) {
          const batch = await deps.store.outbox.readLog(position, 100);
          let atHole = false;
          for (const { position: p, event } of batch) {
            // A position still being written must not be stepped over, or the client would never see it.
            if (p > position + 1 && !(await isStaleHole(deps, position, event.time, 10_000))) {
              atHole = true;
              break;
            }
            position = p;
            if (types && !types.has(event.type)) continue;
            await stream.writeSSE({ id: String(p), event: event.type, data: JSON.stringify(event) });
            lastWrite = Date.now();
          }
          if (batch.length === 100 && !atHole) continue;
          if (Date.now() - lastWrite > heartbeatMs) {
            await stream.write(': keep-alive\n\n');
            lastWrite = Date.now();
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, pollMs);
          });
        }
      } finally {
        unsubscribe?.();
      }
    });
  });

  return app;
}
