/**
 * The value index: for each blocking key or counted value, the entities holding it and how many there are. One item
 * per key, so a record's whole lookup (every block and every frequency it needs) is one or two batch reads, and adding
 * an entity is one conditional update per key.
 *
 * The item keeps up to `memberLimit` entity ids (a string set, so adding one twice changes nothing) and a count. Past
 * the limit only the count grows: the block is oversized, the matcher reads it only up to its cap anyway and
 * down-weights agreement on its value by that count.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Key, keys } from './keys.js';

export interface IndexedValue {
  key: string;
  /** Entities holding the value (the count goes on past the member limit). */
  count: number;
  /** Up to the member limit of them. */
  entityIds: string[];
}

/** Ids kept per key: more than any block cap, so a block within its cap is read whole. */
export const memberLimit = 256;
/** Conditional updates of index items in flight at once. */
const updateConcurrency = 8;

export class ValueIndexRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Reads many keys at once; a key nobody holds comes back with count 0. */
  async read(indexKeys: readonly string[]): Promise<Map<string, IndexedValue>> {
    const unique = [...new Set(indexKeys)];
    const out = new Map<string, IndexedValue>(unique.map((key) => [key, { key, count: 0, entityIds: [] }]));
    for (let i = 0; i < unique.length; i += 100) {
      let request: Record<string, { Keys: Key[]; ConsistentRead: boolean }> | undefined = {
        [this.tableName]: {
          Keys: unique.slice(i, i + 100).map((k) => keys.valueIndex(k)),
          ConsistentRead: true,
        },
      };
      while (request && Object.keys(request).length) {
        const res = await this.client.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of res.Responses?.[this.tableName] ?? []) {
          const key = item.indexKey as string;
          out.set(key, {
            key,
            count: Number(item.n ?? 0),
            entityIds: [...((item.ids as Set<string> | undefined) ?? [])].sort(),
          });
        }
        request = res.UnprocessedKeys as typeof request;
      }
    }
    return out;
  }

  /**
   * Adds each entity under its key. Idempotent while the key is within the member limit (the id is already in the
   * set); past it the count is an estimate, which is all an oversized block's count is used for.
   */
  async add(entries: ReadonlyArray<IndexEntry>): Promise<void> {
    await eachOnce(entries, (entry) => this.addOne(entry));
  }

  /**
   * Takes each entity off its key (a person merged into another no longer counts on its own). Idempotent: only a
   * member is taken off, and the count goes down with it; past the member limit the count stays an estimate.
   */
  async remove(entries: ReadonlyArray<IndexEntry>): Promise<void> {
    await eachOnce(entries, ({ key, entityId }) =>
      this.client
        .send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.valueIndex(key),
            UpdateExpression: 'DELETE ids :id ADD n :minusOne',
            ConditionExpression: 'contains(ids, :idString)',
            ExpressionAttributeValues: { ':id': new Set([entityId]), ':idString': entityId, ':minusOne': -1 },
          }),
        )
        .then(
          () => undefined,
          (e: unknown) => {
            if (!(e instanceof ConditionalCheckFailedException)) throw e;
          },
        ),
    );
  }

  private async addOne({ key, entityId }: IndexEntry): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.valueIndex(key),
          UpdateExpression: 'ADD ids :id, n :one SET indexKey = :key',
          ConditionExpression: 'attribute_not_exists(pk) OR (NOT contains(ids, :idString) AND n < :limit)',
          ExpressionAttributeValues: {
            ':id': new Set([entityId]),
            ':idString': entityId,
            ':one': 1,
            ':key': key,
            ':limit': memberLimit,
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Already a member, or the key is past its member limit: count the entity without keeping its id.
      await this.client
        .send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.valueIndex(key),
            UpdateExpression: 'ADD n :one',
            ConditionExpression: 'n >= :limit AND NOT contains(ids, :idString)',
            ExpressionAttributeValues: { ':one': 1, ':limit': memberLimit, ':idString': entityId },
          }),
        )
        .catch((e: unknown) => {
          if (!(e instanceof ConditionalCheckFailedException)) throw e;
        });
    }
  }
}

interface IndexEntry {
  key: string;
  entityId: string;
}

/** Runs `op` once per distinct entry, a few at a time: each is one conditional update of its key's item. */
async function eachOnce(
  entries: ReadonlyArray<IndexEntry>,
  op: (entry: IndexEntry) => Promise<void>,
): Promise<void> {
  const queue = [...new Map(entries.map((e) => [`${e.key}\u0000${e.entityId}`, e])).values()];
  const worker = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) await op(entry);
  };
  await Promise.all(Array.from({ length: Math.min(updateConcurrency, queue.length) }, worker));
}
