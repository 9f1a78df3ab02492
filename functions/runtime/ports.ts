/** The ports the core talks through: small interfaces with an AWS and a local implementation each. */
import type { QiaoCloudEvent } from '../../schemas/generated/types.js';
import type { Subscription } from '../events/subscriptions.js';

/** A message asking the ingest worker to process one stored revision of a source record. */
export interface IngestMessage {
  sourceId: string;
  sourceRecordId: string;
  revision: number;
  /** Set by a replay: process the revision again even if it already finished. */
  replay?: boolean;
}

export interface Queue {
  /** Delivers at least once; consumers must be idempotent. */
  send(messages: IngestMessage[]): Promise<void>;
}

export interface EventBus {
  /** Puts events on the bus; rejects if any entry could not be put, so the outbox item stays pending. */
  put(events: QiaoCloudEvent[]): Promise<void>;
}

/** Wakes readers of the event log (SSE streams) when events are published; polling remains the fallback. */
export interface LiveEvents {
  subscribe(listener: () => void): () => void;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Keyed hash for blind indexes of resident IDs and phones. */
export interface BlindIndexer {
  indexOf(kind: 'resident-id' | 'phone' | `other:${string}`, normalisedValue: string): string;
}

// --- Subscriptions and webhook delivery -------------------------------------------------------------------------

/** One signed webhook request. */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Aborts the request when the runtime stops. */
  signal?: AbortSignal;
}

/** The receiver's answer (the start of its body, for the delivery log); no answer in time rejects instead. */
export interface WebhookResponse {
  status: number;
  body: string;
}

/** Posts webhooks. Implementations re-check every address they connect to against the SSRF guard. */
export interface WebhookSender {
  send(request: WebhookRequest): Promise<WebhookResponse>;
}

/** Resolves a host name to all its addresses, for the SSRF check when a webhook is registered. */
export interface HostResolver {
  resolve(host: string): Promise<string[]>;
}

/**
 * Routes a subscription's matching events to delivery: in AWS an EventBridge rule on the hub bus targeting the
 * delivery queue, locally the in-process delivery worker. `put` creates or replaces (idempotent).
 */
export interface SubscriptionRules {
  put(subscription: Subscription): Promise<void>;
  remove(subscriptionId: string): Promise<void>;
}

/** Asks for delivery runs of subscriptions now (after a redrive or replay, or when retries fall due). */
export interface DeliveryWakeups {
  wake(subscriptionIds: string[]): Promise<void>;
}

/** Sends a delivery to a subscriber's own SQS queue (the AWS runtime only). */
export interface SubscriberQueues {
  send(queueArn: string, message: { body: string; groupId: string; deduplicationId: string }): Promise<void>;
}
