/** Source records: raw revisions exactly as received, content-hash claims for idempotency, and processing state. */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { RawRevision, RecordStatus, SourceRecordState } from '../ingest/source-record.js';
import { keys } from './keys.js';
import { type Condition, conditions, type UnitOfWork } from './unit-of-work.js';

export interface Page<T> {
  items: T[];
  cursor?: string;
}

const stateFields = (item: Record<string, unknown>): SourceRecordState => {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, ...state } = item;
  return state as unknown as SourceRecordState;
};

export const encodeCursor = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
export const decodeCursor = (cursor: string | undefined): Record<string, unknown> | undefined => {
  if (!cursor) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError(cursor);
  }
};

export class InvalidCursorError extends Error {
  constructor(readonly cursor: string) {
    super(`cursor "${cursor.slice(0, 40)}" is not one this API returned; start again without a cursor`);
  }
}

function fromRevisionItem(item: Record<string, unknown>): RawRevision {
  const { pk: _pk, sk: _sk, rawJson, ...meta } = item;
  return { ...(meta as Omit<RawRevision, 'raw'>), raw: JSON.parse(String(rawJson)) };
}

export class RecordRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(sourceId: string, recordId: string, consistent = true): Promise<SourceRecordState | undefined> {
    const out = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.record(sourceId, recordId),
        ConsistentRead: consistent,
      }),
    );
    return out.Item ? stateFields(out.Item) : undefined;
  }

  async getRevision(sourceId: string, recordId: string, revision: number): Promise<RawRevision | undefined> {
    const out = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.revision(sourceId, recordId, revision),
        ConsistentRead: true,
      }),
    );
    return out.Item ? fromRevisionItem(out.Item) : undefined;
  }

  async listRevisions(sourceId: string, recordId: string): Promise<RawRevision[]> {
    const { pk } = keys.record(sourceId, recordId);
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rev)',
        ExpressionAttributeValues: { ':pk': pk, ':rev': keys.revisionPrefix },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map(fromRevisionItem);
  }

  /** The revision that first carried this exact content, if any. */
  async findContentHash(sourceId: string, recordId: string, hash: string): Promise<number | undefined> {
    const out = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.contentHash(sourceId, recordId, hash),
        ConsistentRead: true,
      }),
    );
    return out.Item?.revision as number | undefined;
  }

  /** Stores a new raw revision with its content-hash claim; fails with ConcurrentChangeError on a race. */
  addRevision(uow: UnitOfWork, revision: RawRevision): void {
    const { sourceId, sourceRecordId, revision: n, contentHash } = revision;
    uow.put(
      'content hash',
      { ...keys.contentHash(sourceId, sourceRecordId, contentHash), revision: n },
      conditions.notExists,
    );
    const { raw, ...meta } = revision;
    // The raw record is kept as JSON text: key order, big numbers and empty strings survive exactly as received.
    uow.put(
      'raw revision',
      { ...keys.revision(sourceId, sourceRecordId, n), ...meta, rawJson: JSON.stringify(raw) },
      conditions.notExists,
    );
  }

  /**
   * Writes the whole state, conditioned on the version read before (optimistic concurrency), and moves the source's
   * status counters in the same transaction so the counts stay exact.
   */
  saveState(uow: UnitOfWork, next: SourceRecordState, previous: SourceRecordState | undefined): void {
    const condition: Condition = previous
      ? { expression: 'stateVersion = :sv', values: { ':sv': previous.stateVersion } }
      : conditions.notExists;
    const unfinished = next.status === 'received' || next.status === 'processing';
    uow.put(
      'record state',
      {
        ...keys.record(next.sourceId, next.sourceRecordId),
        ...next,
        gsi1pk: keys.recordsByStatus(next.sourceId, next.status),
        gsi1sk: keys.recordsByStatusSort(next.updatedAt, next.sourceRecordId),
        ...(unfinished
          ? {
              gsi2pk: keys.unfinishedRecords,
              gsi2sk: `${next.updatedAt}#${next.sourceId}#${next.sourceRecordId}`,
            }
          : {}),
      },
      condition,
    );
    if (previous?.status !== next.status) this.moveCount(uow, next.sourceId, previous?.status, next.status);
  }

  private moveCount(
    uow: UnitOfWork,
    sourceId: string,
    from: RecordStatus | undefined,
    to: RecordStatus,
  ): void {
    const shard = Math.floor(Math.random() * keys.counterShards);
    // Merged with other moves on the same counter item: a split saves several records of one source at once, and a
    // transaction may touch an item only once.
    uow.addToCounter('status counter', keys.sourceCounter(sourceId, shard), {
      [to]: 1,
      ...(from ? { [from]: -1 } : {}),
    });
  }

  async countByStatus(sourceId: string): Promise<Record<RecordStatus, number>> {
    const { pk, skPrefix } = keys.sourceCounterPrefix(sourceId);
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': pk, ':p': skPrefix },
        ConsistentRead: true,
      }),
    );
    const counts: Record<RecordStatus, number> = { received: 0, processing: 0, processed: 0, quarantined: 0 };
    for (const item of out.Items ?? []) {
      for (const status of Object.keys(counts) as RecordStatus[]) counts[status] += Number(item[status] ?? 0);
    }
    return counts;
  }

  async listByStatus(
    sourceId: string,
    status: RecordStatus,
    limit: number,
    cursor?: string,
  ): Promise<Page<SourceRecordState>> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.recordsByStatus(sourceId, status) },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    return { items: (out.Items ?? []).map(stateFields), cursor: encodeCursor(out.LastEvaluatedKey) };
  }

  /** Records still received or processing whose last change is older than `before` (ISO), oldest first. */
  async listUnfinished(before: string, limit: number): Promise<SourceRecordState[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p AND gsi2sk < :before',
        // '~' sorts after the '#' that follows the timestamp, so records changed exactly at `before` are included.
        ExpressionAttributeValues: { ':p': keys.unfinishedRecords, ':before': `${before}~` },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(stateFields);
  }

  async batchGetStates(
    refs: Array<{ sourceId: string; sourceRecordId: string }>,
  ): Promise<SourceRecordState[]> {
    const found = await Promise.all(refs.map((r) => this.get(r.sourceId, r.sourceRecordId, false)));
    return found.filter((s): s is SourceRecordState => s !== undefined);
  }
}
