// The deliver Lambda: delivery-queue messages (from subscription rules and wake-ups) → delivery runs, one message
// group (subscription) at a time; the minute schedule's `{"wake":"due"}` → wake-ups for retries that fell due.
import type { Context, SQSEvent } from 'aws-lambda';
import { deliverMessages, wakeDueSubscriptions } from '../events/delivery.js';
import { awsDeps } from '../runtime/aws/deps.js';

const deps = await awsDeps();
const ctx = { ...deps, delivery: deps.delivery! };
/** Stop starting attempts this long before the function times out (one webhook timeout plus bookkeeping). */
const reserveMs = 20_000;

export const handler = async (event: SQSEvent | { wake: 'due' }, context: Context) =>
  'Records' in event
    ? deliverMessages(
        ctx,
        event.Records.map((r) => r.body),
        { deadline: Date.now() + context.getRemainingTimeInMillis() - reserveMs },
      )
    : wakeDueSubscriptions(ctx);
