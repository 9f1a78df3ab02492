/** A source record as the hub keeps it: raw revisions exactly as received, and its processing state. */
import type { FieldError } from '../../adapters/engine/adapter.js';
import type { Report } from '../../schemas/generated/types.js';

export const recordStatuses = ['received', 'processing', 'processed', 'quarantined'] as const;
export type RecordStatus = (typeof recordStatuses)[number];

export interface RawRevision {
  sourceId: string;
  sourceRecordId: string;
  revision: number;
  /** The record exactly as received, as a JSON value (CSV rows arrive here as objects of strings). */
  raw: unknown;
  /** sha256 of the canonical JSON of `raw` (keys sorted), hex. */
  contentHash: string;
  receivedAt: string;
  apiKeyId: string;
  contentType: string;
}

export interface RecordEntities {
  disputeId?: string;
  /** The person each party of the report resolved to, by party index (null for organisations and groups). */
  partyPersonIds: Array<string | null>;
  personIds: string[];
  /** Candidates scored to resolve the record: its resolution cost. */
  compared?: { persons: number; disputes: number };
}

export interface SourceRecordState {
  sourceId: string;
  sourceRecordId: string;
  status: RecordStatus;
  latestRevision: number;
  /** The highest revision that finished processing (processed or quarantined). */
  finishedRevision: number;
  adapterVersion?: string;
  /** Increments on every change of this state; writers condition on it. */
  stateVersion: number;
  firstReceivedAt: string;
  updatedAt: string;
  /** How many times processing of the latest revision was attempted. */
  attempts: number;
  errors?: FieldError[];
  warnings?: FieldError[];
  /** The protected canonical view of the latest processed revision. */
  report?: Report;
  entities?: RecordEntities;
}
