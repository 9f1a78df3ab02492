/**
 * The delivery state of one push subscription, kept beside it in the table: how far through the event log it is,
 * deliveries waiting for a retry (or behind one of the same subject), dead letters, and replays in progress.
 */
import type { QiaoCloudEvent } from '../../schemas/generated/types.js';

export interface DeliveryCursor {
  /** Every event-log position up to this one has been delivered, is pending, or was dead-lettered. */
  position: number;
  /** A hole in the log at `position + 1`, first seen at `seenAt`: waited for, then skipped (see gapGraceMs). */
  gap?: { position: number; seenAt: string };
  /** When delivery next has work without a new event (a retry, a hole to skip); indexed for the AWS scheduler. */
  wakeAt?: string;
}

export interface DeliveryFailure {
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  message: string;
  at: string;
}

/** Why a delivery is pending: its own retry, or queued behind an earlier event of the same subject. */
export type PendingOrigin = 'live' | 'replay' | 'redrive';

export interface PendingDelivery {
  position: number;
  event: QiaoCloudEvent;
  /** Attempts made so far; 0 while queued behind an earlier event of the same subject. */
  attempts: number;
  nextAttemptAt: string;
  firstAttemptAt?: string;
  lastError?: DeliveryFailure;
  origin: PendingOrigin;
}

export interface DeadLetter {
  position: number;
  event: QiaoCloudEvent;
  attempts: number;
  firstAttemptAt: string;
  lastError: DeliveryFailure;
  /** Why delivery gave up. */
  reason: string;
  deadAt: string;
}

/** Re-delivery of the events of a time range, worked through by position. */
export interface ReplayJob {
  id: string;
  from: string;
  to: string;
  /** The last position looked at. */
  next: number;
  /** The last position that can be in range. */
  end: number;
  createdAt: string;
}

export interface DeliveryState {
  cursor: DeliveryCursor;
  /** In log order. */
  pending: PendingDelivery[];
  replays: ReplayJob[];
}
