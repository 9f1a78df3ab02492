/**
 * Raw-first acceptance (design principles 1 and 2): each record is stored exactly as received, with its content
 * hash, before anything else, and queued for processing. Same content twice changes nothing; new content is a new
 * revision; a record that cannot be processed is still stored, in quarantine, with field-level reasons.
 */
import type { FieldError } from '../../adapters/engine/adapter.js';
import { quarantinedEvent } from '../events/domain-events.js';
import type { HubDeps } from '../runtime/deps.js';
import type { IngestMessage } from '../runtime/ports.js';
import { ConcurrentChangeError } from '../store/unit-of-work.js';
import { contentHash } from './content-hash.js';
import type { RawRevision, SourceRecordState } from './source-record.js';

export type AcceptResult =
  | { index: number; status: 'accepted'; sourceRecordId: string; revision: number; recordKey: string }
  | { index: number; status: 'duplicate'; sourceRecordId: string; revision: number; recordKey: string }
  | {
      index: number;
      status: 'rejected';
      sourceRecordId: string;
      revision: number;
      recordKey: string;
      errors: FieldError[];
    };

export interface AcceptRequest {
  sourceId: string;
  apiKeyId: string;
  contentType: string;
  records: unknown[];
}

/** The id a record without its id field is kept under: derived from its content, so a re-post is a duplicate. */
export const contentKeyOf = (hash: string) => `sha256-${hash.slice(0, 32)}`;

const maxAttempts = 8;
/** How many records of one request are stored at once. */
const acceptConcurrency = 8;

/**
 * 1. Hash each record and find its id (or key it by content hash and reject it when the id is missing).
 * 2. Check it against the source's schema: failures are stored straight into quarantine.
 * 3. Store the revision, its hash claim and the record state in one transaction (retrying on a race).
 * 4. Queue the accepted revisions for processing. If queueing fails the records stay `received` and the sweep
 *    queues them again, so nothing accepted is ever lost.
 */
export async function acceptRecords(deps: HubDeps, request: AcceptRequest): Promise<AcceptResult[]> {
  const adapter = await deps.adapters.resolve(request.sourceId);
  const inputs: StoreInput[] = request.records.map((raw, index) => {
    const hash = contentHash(raw);
    const recordId = adapter.recordIdOf(raw);
    const errors: FieldError[] = recordId
      ? deps.adapters.validateSource(adapter, raw)
      : [
          {
            path: adapter.idField,
            message: `the record id field "${adapter.idField}" is missing or empty`,
            stage: 'accept',
          },
        ];
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      errors.splice(0, errors.length, {
        path: '(record)',
        message: `a record must be a JSON object, got ${describe(raw)}`,
        stage: 'accept',
      });
    }
    return {
      index,
      sourceId: request.sourceId,
      sourceRecordId: recordId ?? contentKeyOf(hash),
      raw,
      hash,
      apiKeyId: request.apiKeyId,
      contentType: request.contentType,
      adapterVersion: adapter.version,
      errors,
    };
  });
  // Different records are stored concurrently; revisions of one record in the same batch stay in batch order.
  const byRecord = new Map<string, StoreInput[]>();
  for (const input of inputs)
    byRecord.set(input.sourceRecordId, [...(byRecord.get(input.sourceRecordId) ?? []), input]);
  const results: AcceptResult[] = new Array(inputs.length);
  const groups = [...byRecord.values()];
  const worker = async () => {
    for (let group = groups.shift(); group; group = groups.shift()) {
      for (const input of group) results[input.index] = await storeRevision(deps, input);
    }
  };
  await Promise.all(Array.from({ length: Math.min(acceptConcurrency, groups.length) }, worker));
  const toQueue: IngestMessage[] = results
    .filter((r) => r.status === 'accepted')
    .map((r) => ({ sourceId: request.sourceId, sourceRecordId: r.sourceRecordId, revision: r.revision }));
  if (toQueue.length) {
    try {
      await deps.queue.send(toQueue);
    } catch (error) {
      console.warn(
        `queueing ${toQueue.length} accepted records failed; the sweep will queue them again`,
        error,
      );
    }
  }
  return results;
}

interface StoreInput {
  index: number;
  sourceId: string;
  sourceRecordId: string;
  raw: unknown;
  hash: string;
  apiKeyId: string;
  contentType: string;
  adapterVersion: string;
  errors: FieldError[];
}

async function storeRevision(deps: HubDeps, input: StoreInput): Promise<AcceptResult> {
  const { store } = deps;
  const { sourceId, sourceRecordId, index } = input;
  const recordKey = `${sourceId}/${sourceRecordId}`;
  for (let attempt = 1; ; attempt++) {
    const previous = await store.records.get(sourceId, sourceRecordId);
    const existing = previous
      ? await store.records.findContentHash(sourceId, sourceRecordId, input.hash)
      : undefined;
    if (existing !== undefined)
      return { index, status: 'duplicate', sourceRecordId, revision: existing, recordKey };

    const now = deps.clock.now().toISOString();
    const revision = (previous?.latestRevision ?? 0) + 1;
    const rejected = input.errors.length > 0;
    const raw: RawRevision = {
      sourceId,
      sourceRecordId,
      revision,
      raw: input.raw,
      contentHash: input.hash,
      receivedAt: now,
      apiKeyId: input.apiKeyId,
      contentType: input.contentType,
    };
    const next: SourceRecordState = {
      sourceId,
      sourceRecordId,
      status: rejected ? 'quarantined' : 'received',
      latestRevision: revision,
      finishedRevision: rejected ? revision : (previous?.finishedRevision ?? 0),
      stateVersion: (previous?.stateVersion ?? 0) + 1,
      firstReceivedAt: previous?.firstReceivedAt ?? now,
      updatedAt: now,
      attempts: 0,
      adapterVersion: rejected ? input.adapterVersion : previous?.adapterVersion,
      errors: rejected ? input.errors : undefined,
      report: previous?.report,
      entities: previous?.entities,
    };
    const uow = store.unitOfWork();
    store.records.addRevision(uow, raw);
    store.records.saveState(uow, next, previous);
    if (rejected) uow.emit(quarantinedEvent(deps, next, input.errors));
    try {
      await uow.commit();
    } catch (error) {
      if (error instanceof ConcurrentChangeError && attempt < maxAttempts) {
        await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
        continue;
      }
      throw error;
    }
    return rejected
      ? { index, status: 'rejected', sourceRecordId, revision, recordKey, errors: input.errors }
      : { index, status: 'accepted', sourceRecordId, revision, recordKey };
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `the string ${JSON.stringify(value.slice(0, 40))}` : `a ${typeof value}`;
}
