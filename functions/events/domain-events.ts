/** The hub's domain events, built from the state that causes them (and committed with it, through the outbox). */
import type { FieldError } from '../../adapters/engine/adapter.js';
import type { RiskRaisedData, StatusCode } from '../../schemas/generated/types.js';
import type { SourceRecordState } from '../ingest/source-record.js';
import { withoutBlindIndexes } from '../privacy/protect-report.js';
import {
  publicDispute,
  publicPerson,
  type StoredDispute,
  type StoredPerson,
} from '../resolution/stored-entities.js';
import type { HubDeps } from '../runtime/deps.js';
import type { Crossing } from '../supervision/supervision.js';
import { buildEvent } from './cloudevent.js';

type EventDeps = Pick<HubDeps, 'clock' | 'eventSource'>;

export const recordSubject = (sourceId: string, sourceRecordId: string) =>
  `record:${sourceId}/${sourceRecordId}`;

export function quarantinedEvent(deps: EventDeps, state: SourceRecordState, errors: FieldError[]) {
  return buildEvent({
    type: 'qiao.record.quarantined',
    subject: recordSubject(state.sourceId, state.sourceRecordId),
    sequence: state.stateVersion,
    time: deps.clock.now(),
    source: deps.eventSource,
    dataSchema: 'record-quarantined',
    data: {
      sourceId: state.sourceId,
      sourceRecordId: state.sourceRecordId,
      revision: state.latestRevision,
      adapterVersion: state.adapterVersion ?? 'unknown',
      errors: errors.map(({ path, message, stage }) => ({ path, message, ...(stage ? { stage } : {}) })),
    },
  });
}

interface Trigger {
  sourceId: string;
  sourceRecordId: string;
  revision: number;
}

/** What caused a change: a source record's revision, or a steward's merge or split. */
export type Cause = { trigger: Trigger } | { stewardAction: { action: 'merge' | 'split'; steward: string } };

export function disputeEvents(
  deps: EventDeps,
  dispute: StoredDispute,
  change: { isNew: boolean; previousStatus?: StatusCode } & Cause,
) {
  const base = {
    subject: dispute.id,
    sequence: dispute.version,
    time: deps.clock.now(),
    source: deps.eventSource,
    dataSchema: 'dispute-changed',
    divisionCode: dispute.location?.divisionCode,
  };
  const data = { dispute: withoutBlindIndexes(publicDispute(dispute)), ...causeOf(change) };
  if (change.isNew) return [buildEvent({ ...base, type: 'qiao.dispute.created', data })];
  const events = [buildEvent({ ...base, type: 'qiao.dispute.updated', data })];
  if (change.previousStatus && change.previousStatus !== dispute.status.code) {
    events.push(
      buildEvent({
        ...base,
        type: 'qiao.dispute.status-changed',
        data: { ...data, previousStatus: change.previousStatus },
      }),
    );
  }
  return events;
}

export function personEvent(deps: EventDeps, person: StoredPerson, change: { isNew: boolean } & Cause) {
  return buildEvent({
    type: change.isNew ? 'qiao.person.created' : 'qiao.person.updated',
    subject: person.id,
    sequence: person.version,
    time: deps.clock.now(),
    source: deps.eventSource,
    dataSchema: 'person-changed',
    data: { person: withoutBlindIndexes(publicPerson(person)), ...causeOf(change) },
  });
}

export interface MergeFacts {
  kind: 'person' | 'dispute';
  winnerId: string;
  loserIds: string[];
  /** The winner's version after the merge: the event's sequence. */
  version: number;
  divisionCode?: string;
  steward?: string;
  reason?: string;
}

export function mergedEvent(deps: EventDeps, facts: MergeFacts) {
  return buildEvent({
    type: facts.kind === 'person' ? 'qiao.person.merged' : 'qiao.dispute.merged',
    subject: facts.winnerId,
    sequence: facts.version,
    time: deps.clock.now(),
    source: deps.eventSource,
    dataSchema: 'entities-merged',
    divisionCode: facts.divisionCode,
    data: {
      entityKind: facts.kind,
      winnerId: facts.winnerId,
      loserIds: facts.loserIds,
      decidedBy: facts.steward ? 'steward' : 'machine',
      ...(facts.steward ? { steward: facts.steward } : {}),
      ...(facts.reason ? { reason: facts.reason } : {}),
    },
  });
}

export interface SplitFacts {
  kind: 'person' | 'dispute';
  originalId: string;
  newIds: string[];
  assignments: Array<{ sourceId: string; sourceRecordId: string; entityId: string }>;
  version: number;
  divisionCode?: string;
  steward?: string;
  reason?: string;
}

export function splitEvent(deps: EventDeps, facts: SplitFacts) {
  return buildEvent({
    type: facts.kind === 'person' ? 'qiao.person.split' : 'qiao.dispute.split',
    subject: facts.originalId,
    sequence: facts.version,
    time: deps.clock.now(),
    source: deps.eventSource,
    dataSchema: 'entity-split',
    divisionCode: facts.divisionCode,
    data: {
      entityKind: facts.kind,
      originalId: facts.originalId,
      newIds: facts.newIds,
      assignments: facts.assignments,
      ...(facts.steward ? { steward: facts.steward } : {}),
      ...(facts.reason ? { reason: facts.reason } : {}),
    },
  });
}

/** 预警: the dispute's early-warning level changed (raised, or lowered to 0 on resolution); once per dispute version. */
export function riskRaisedEvent(deps: EventDeps, dispute: StoredDispute, data: RiskRaisedData) {
  return buildEvent({
    type: 'qiao.risk.raised',
    subject: dispute.id,
    sequence: dispute.version,
    time: deps.clock.now(),
    source: deps.eventSource,
    dataSchema: 'risk-raised',
    divisionCode: dispute.location?.divisionCode,
    data: { ...data },
  });
}

/**
 * 督办: a supervision threshold the dispute crossed. The id is the crossing's own (dispute, due instant, level), not
 * the version's, so a sweep that runs twice or late can only ever mint the same event for the same crossing.
 */
export function overdueEvent(deps: EventDeps, dispute: StoredDispute, crossing: Crossing) {
  return {
    ...buildEvent({
      type: 'qiao.dispute.overdue',
      subject: dispute.id,
      sequence: dispute.version,
      time: deps.clock.now(),
      source: deps.eventSource,
      dataSchema: 'dispute-overdue',
      divisionCode: dispute.location?.divisionCode,
      data: { ...crossing.data },
    }),
    id: crossing.id,
  };
}

function causeOf(cause: Cause) {
  return 'trigger' in cause ? { trigger: cause.trigger } : { stewardAction: cause.stewardAction };
}
