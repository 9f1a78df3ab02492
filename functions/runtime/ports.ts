/** The ports the core talks through: small interfaces with an AWS and a local implementation each. */
import type { QiaoCloudEvent } from '../../schemas/generated/types.js';

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
