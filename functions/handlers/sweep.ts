// The sweep Lambda (EventBridge Scheduler): re-queue stuck records and publish outbox items the stream missed; with
// {"task": "supervise"}, raise the 督办 crossings of deadlines due (see infra/constructs/schedules.ts).
import { publishPendingOutbox } from '../events/publish-outbox.js';
import { awsDeps } from '../runtime/aws/deps.js';
import { recoverStuckRecords } from '../sweep/recover-stuck-records.js';
import { superviseDeadlines } from '../sweep/supervise-deadlines.js';

const deps = await awsDeps();

export const handler = async (input?: { task?: 'supervise'; budgetSeconds?: number }) =>
  input?.task === 'supervise'
    ? { supervised: await superviseDeadlines(deps, { budgetMs: (input.budgetSeconds ?? 45) * 1000 }) }
    : {
        requeued: await recoverStuckRecords(deps, { olderThanMs: 5 * 60_000 }),
        published: await publishPendingOutbox(deps, { olderThanMs: 5 * 60_000 }),
      };
