// The sweep Lambda (EventBridge Scheduler): re-queue stuck records and publish outbox items the stream missed.
import { publishPendingOutbox } from '../events/publish-outbox.js';
import { awsDeps } from '../runtime/aws/deps.js';
import { recoverStuckRecords } from '../sweep/recover-stuck-records.js';

const deps = await awsDeps();

export const handler = async (): Promise<{ requeued: number; published: number }> => ({
  requeued: await recoverStuckRecords(deps, { olderThanMs: 5 * 60_000 }),
  published: await publishPendingOutbox(deps, { olderThanMs: 5 * 60_000 }),
});
