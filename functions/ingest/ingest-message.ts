/**
 * Processes one queued revision of a source record: adapter → protection → canonical validation → resolution → one
 * transaction with the new state and its outbox events. Safe under redelivery: a revision already finished, or
 * superseded by a newer one, is skipped; a lost race is retried on fresh state.
 */
import type { FieldError, SourceAdapter } from '../../adapters/engine/adapter.js';
import { disputeEvents, personEvent, quarantinedEvent } from '../events/domain-events.js';
import { protectReport } from '../privacy/protect-report.js';
import { mergeConcurrentDuplicates } from '../resolution/concurrent-duplicates.js';
import { type ResolutionPlan, resolveReport } from '../resolution/resolve-report.js';
import type { HubDeps } from '../runtime/deps.js';
import type { IngestMessage } from '../runtime/ports.js';
import { ConcurrentChangeError } from '../store/unit-of-work.js';
import { assessPlan } from '../supervision/assess-dispute.js';
import type { SourceRecordState } from './source-record.js';
import { validateAgainst } from './validate.js';

export type IngestOutcome = 'processed' | 'quarantined' | 'skipped';

const maxAttempts = 8;

export class MalformedIngestMessageError extends Error {}

export function parseIngestMessage(body: string): IngestMessage {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new MalformedIngestMessageError(`ingest message is not JSON: ${body.slice(0, 80)}`);
  }
  const m = value as Partial<IngestMessage>;
  if (
    typeof m?.sourceId !== 'string' ||
    typeof m.sourceRecordId !== 'string' ||
    !Number.isInteger(m.revision)
  ) {
    throw new MalformedIngestMessageError(
      `ingest message lacks sourceId, sourceRecordId or revision: ${body.slice(0, 80)}`,
    );
  }
  return m as IngestMessage;
}

/**
 * 1. Read the record; skip if this revision is finished or superseded.
 * 2. Mark it processing (visible in the source's counts, and to the stuck-record sweep).
 * 3. Map the raw revision with the source's active adapter, protect identifiers, validate against the Report schema.
 * 4. Resolve the report to its dispute and people.
 * 5. Commit state, entities, claims and events together; on a lost race start again from 1.
 */
export async function ingestMessage(deps: HubDeps, message: IngestMessage): Promise<IngestOutcome> {
  const { store } = deps;
  let filed: ResolutionPlan | undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      let state = await store.records.get(message.sourceId, message.sourceRecordId);
      if (!state || state.latestRevision > message.revision) return 'skipped';
      const finishedAlready = state.status === 'processed' || state.status === 'quarantined';
      if (state.finishedRevision >= message.revision && finishedAlready) return 'skipped';
      if (state.status !== 'processing' || attempt === 1) state = await markProcessing(deps, state);

      const raw = await store.records.getRevision(message.sourceId, message.sourceRecordId, message.revision);
      if (!raw)
        throw new Error(
          `revision ${message.revision} of ${message.sourceId}/${message.sourceRecordId} is missing`,
        );
      const adapter = await deps.adapters.resolve(message.sourceId);
      const accepted = checkAcceptable(deps, adapter, raw.raw);
      const mapped = accepted.length
        ? { ok: false as const, errors: accepted, warnings: [] }
        : await adapter.map(raw.raw, { receivedAt: raw.receivedAt });
      const errors: FieldError[] = mapped.ok
        ? []
        : mapped.errors.map((e) => ({ ...e, stage: e.stage ?? 'map' }));
      const report = mapped.ok ? protectReport(mapped.report, deps.blindIndexer) : undefined;
      if (report) errors.push(...validateAgainst('report', report));
      const now = deps.clock.now().toISOString();
      const finished = {
        ...state,
        latestRevision: state.latestRevision,
        finishedRevision: message.revision,
        adapterVersion: adapter.version,
        stateVersion: state.stateVersion + 1,
        updatedAt: now,
        warnings: mapped.warnings.length ? mapped.warnings : undefined,
      };

      const uow = store.unitOfWork();
      if (errors.length || !report) {
        const next: SourceRecordState = { ...finished, status: 'quarantined', errors };
        store.records.saveState(uow, next, state);
        uow.emit(quarantinedEvent(deps, next, errors));
        await uow.commit();
        return 'quarantined';
      }

      const plan = await resolveReport(deps, { report, previous: state });
      const warnings = await assessPlan(deps, plan, report);
      // Filed before the commit so a crash cannot leave a committed entity unfindable; see resolve-report.ts.
      await store.valueIndex.add(plan.index);
      filed = plan;
      const next: SourceRecordState = {
        ...finished,
        status: 'processed',
        errors: undefined,
        report,
        entities: { ...plan.entities, compared: plan.compared },
      };
      store.records.saveState(uow, next, state);
      const trigger = {
        sourceId: message.sourceId,
        sourceRecordId: message.sourceRecordId,
        revision: message.revision,
      };
      store.entities.saveDispute(uow, plan.dispute.entity, plan.dispute.expectedVersion);
      for (const event of disputeEvents(deps, plan.dispute.entity, { ...plan.dispute, trigger }))
        uow.emit(event);
      for (const event of warnings) uow.emit(event);
      for (const person of plan.persons) {
        store.entities.savePerson(uow, person.entity, person.expectedVersion);
        uow.emit(personEvent(deps, person.entity, { isNew: person.isNew, trigger }));
      }
      for (const review of await store.steward.notQueuedBefore(plan.reviews))
        store.steward.proposeReview(uow, review);
      const seen = new Set<string>();
      for (const claim of plan.claims) {
        const key = `${claim.kind}#${claim.value}`;
        if (seen.has(key)) continue;
        seen.add(key);
        store.entities.claim(uow, claim);
      }
      await uow.commit();
      // After the commit, so a twin created by another worker at the same moment is visible and merged at once.
      await mergeConcurrentDuplicates(deps, plan, report).catch((error: unknown) =>
        // The record is processed; a twin left unmerged is proposed for review by later records.
        console.warn(
          `checking ${message.sourceId}/${message.sourceRecordId} for concurrent twins failed`,
          error,
        ),
      );
      return 'processed';
    } catch (error) {
      if (error instanceof ConcurrentChangeError && attempt < maxAttempts) {
        // The entities this attempt created were never stored: they must not count under 李 or 李强 (nor wait in
        // a block) beside the ones the next attempt creates.
        if (filed) await store.valueIndex.remove(neverStored(filed));
        filed = undefined;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
        continue;
      }
      throw error;
    }
  }
}

/** The accept-time checks again, so a replay through a fixed adapter or schema re-judges the record. */
function checkAcceptable(deps: HubDeps, adapter: SourceAdapter, raw: unknown): FieldError[] {
  if (!adapter.recordIdOf(raw)) {
    return [
      {
        path: adapter.idField,
        message: `the record id field "${adapter.idField}" is missing or empty`,
        stage: 'accept',
      },
    ];
  }
  return deps.adapters.validateSource(adapter, raw);
}

async function markProcessing(deps: HubDeps, state: SourceRecordState): Promise<SourceRecordState> {
  const next: SourceRecordState = {
    ...state,
    status: 'processing',
    attempts: state.attempts + 1,
    stateVersion: state.stateVersion + 1,
    updatedAt: deps.clock.now().toISOString(),
  };
  const uow = deps.store.unitOfWork();
  deps.store.records.saveState(uow, next, state);
  await uow.commit();
  return next;
}

/** The value-index entries of the entities a failed attempt created. */
function neverStored(plan: ResolutionPlan): ResolutionPlan['index'] {
  const created = new Set([
    ...plan.persons.filter((p) => p.isNew).map((p) => p.entity.id),
    ...(plan.dispute.isNew ? [plan.dispute.entity.id] : []),
  ]);
  return plan.index.filter((entry) => created.has(entry.entityId));
}
