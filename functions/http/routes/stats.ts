/**
 * The figures a 综治中心 runs on (`GET /v1/stats`): disputes by category, channel and status, source records folded
 * into disputes, resolution by level, overdue by supervision level, risk levels and time to resolution, for a division
 * and a range of months. Read from maintained counters (stats-repository.ts): a few items per month, never a scan.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { HubDeps } from '../../runtime/deps.js';
import { type Counters, figuresOf, scopeOfDivision, splitCounterKey } from '../../supervision/stats.js';
import { type AuthEnv, requireScope } from '../middleware/auth.js';
import { problems } from '../problem.js';
import { parseQuery } from '../validation.js';

/** The longest range read at once: ten years of months. */
export const maxStatsMonths = 120;

const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'give a month as YYYY-MM, e.g. 2024-03')
  .optional();

export const statsQuery = z
  .object({
    division: z
      .string()
      .optional()
      .refine((d) => scopeOfDivision(d) !== undefined, {
        message:
          'give a county (6 digits), town (9) or village (12) division code, e.g. 330681 or 330681109290',
      }),
    from: month,
    to: month,
  })
  .superRefine((q, ctx) => {
    if (q.to && !q.from) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'give from (YYYY-MM) with to' });
    } else if (q.from && q.to && q.from > q.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `to ${q.to} is before from ${q.from}` });
    }
  });

export function statsRoutes(deps: HubDeps) {
  const app = new Hono<AuthEnv>();

  // Aggregates only, no personal data: dashboards (subscriber keys), readers and stewards may read them.
  app.get('/', requireScope('reader', 'steward', 'subscriber'), async (c) => {
    const query = parseQuery(statsQuery, c.req.query());
    const scope = scopeOfDivision(query.division)!;
    const to = query.to ?? (query.from ? beijingMonth(deps.clock.now()) : undefined);
    const months = query.from && to ? monthsBetween(query.from, to) : ['all'];
    if (months.length > maxStatsMonths) {
      const detail = `from ${query.from} to ${to} is more than ${maxStatsMonths} months; ask for a shorter range`;
      throw problems.badRequest('invalid-query', detail, [{ path: 'from', message: detail }]);
    }
    const counters = await deps.store.stats.read(scope, months);
    return c.json({
      scope,
      ...(query.division ? { division: query.division } : {}),
      period:
        query.from && to
          ? { from: query.from, to, by: 'month of the first report' }
          : { from: null, to: null, by: 'all time' },
      figures: figuresOf(summedOverPeriods(counters), scope, 'sum'),
      computedAt: deps.clock.now().toISOString(),
    });
  });

  return app;
}

/** The counters of several months as one period, `sum`. */
function summedOverPeriods(counters: Counters): Counters {
  const out: Counters = {};
  for (const [key, n] of Object.entries(counters)) {
    const { scope, metric } = splitCounterKey(key);
    const summed = `${scope}/sum/${metric}`;
    out[summed] = (out[summed] ?? 0) + n;
  }
  return out;
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [year, m] = from.split('-').map(Number) as [number, number];
  for (let guard = 0; guard <= maxStatsMonths; guard++) {
    const current = `${year}-${String(m).padStart(2, '0')}`;
    out.push(current);
    if (current >= to) break;
    m = m === 12 ? 1 : m + 1;
    if (m === 1) year++;
  }
  return out;
}

const beijingMonth = (now: Date) => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
