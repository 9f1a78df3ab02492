/** The hub's domain events, built from the state that causes them (and committed with it, through the outbox). */
import type { FieldError } from '../../adapters/engine/adapter.js';
import type { Dispute, Person, StatusCode } from '../../schemas/generated/types.js';
import type { SourceRecordState } from '../ingest/source-record.js';
import { withoutBlindIndexes } from '../privacy/protect-report.js';
import type { HubDeps } from '../runtime/deps.js';
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

export function disputeEvents(
  deps: EventDeps,
  dispute: Dispute,
  change: { isNew: boolean; previousStatus?: StatusCode; trigger: Trigger },
) {
  const base = {
    subject: dispute.id,
    sequence: dispute.version,
    time: deps.clock.now(),
    source: deps.eventSource,
    dataSchema: 'dispute-changed',
    divisionCode: dispute.location?.divisionCode,
  };
  const data = { dispute: withoutBlindIndexes(dispute), trigger: change.trigger };
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

export function personEvent(deps: EventDeps, person: Person, change: { isNew: boolean; trigger: Trigger }) {
  return buildEvent({
    type: change.isNew ? 'qiao.person.created' : 'qiao.person.updated',
    subject: person.id,
    sequence: person.version,
    time: deps.clock.now(),
    source: deps.eventSource,
    dataSchema: 'person-changed',
    data: { person: withoutBlindIndexes(person), trigger: change.trigger },
  });
}
