/**
 * One DynamoDB transaction: state changes, their outbox events and counter moves commit together or not at all
 * (design principle 5: no state change without its event, no event without its state change).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { QiaoCloudEvent } from '../../schemas/generated/types.js';
import { type Key, keys } from './keys.js';

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

/** A condition of the transaction did not hold: someone else changed the same state first. Retry from a fresh read. */
export class ConcurrentChangeError extends Error {
  constructor(
    message: string,
    readonly reasons: string[],
  ) {
    super(message);
  }
}

export class UnitOfWork {
  private readonly items: TransactItem[] = [];
  private readonly labels: string[] = [];
  private readonly preparations: Array<() => Promise<void>> = [];
  private readonly counters = new Map<string, { label: string; key: Key; deltas: Record<string, number> }>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Items the transaction will hold: those added, and each counter item moved (once, however often). */
  get size(): number {
    return this.items.length + this.counters.size;
  }

  put(label: string, item: Key & Record<string, unknown>, condition?: Condition): this {
    this.items.push({ Put: { TableName: this.tableName, Item: item, ...conditionParams(condition) } });
    this.labels.push(label);
    return this;
  }

  update(
    label: string,
    key: Key,
    update: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> },
    condition?: Condition,
  ): this {
    const cond = conditionParams(condition);
    this.items.push({
      Update: {
        TableName: this.tableName,
        Key: key,
        UpdateExpression: update.expression,
        ExpressionAttributeNames: { ...update.names, ...cond.ExpressionAttributeNames },
        ExpressionAttributeValues: emptyToUndefined({ ...update.values, ...cond.ExpressionAttributeValues }),
        ConditionExpression: cond.ConditionExpression,
      },
    });
    this.labels.push(label);
    return this;
  }

  check(label: string, key: Key, condition: Condition): this {
    this.items.push({
      ConditionCheck: { TableName: this.tableName, Key: key, ...conditionParams(condition) },
    } as TransactItem);
    this.labels.push(label);
    return this;
  }

  /**
   * Work to do just before the transaction is sent, such as reading what a save replaces to compute a counter delta.
   * Preparations run in order and may add items; one that throws aborts the commit.
   */
  beforeCommit(prepare: () => Promise<void>): this {
    this.preparations.push(prepare);
    return this;
  }

  /**
   * Adds to numeric attributes of a counter item with ADD. Moves of one item are summed into one update (a transaction
   * may touch an item once); attributes whose sum is zero are left out, and an item with nothing left is not touched.
   */
  addToCounter(label: string, key: Key, deltas: Record<string, number>): this {
    const id = `${key.pk}\u0000${key.sk}`;
    const entry = this.counters.get(id) ?? { label, key, deltas: {} };
    for (const [name, n] of Object.entries(deltas)) entry.deltas[name] = (entry.deltas[name] ?? 0) + n;
    this.counters.set(id, entry);
    return this;
  }

  /** Adds an event to the outbox, pending publication. */
  emit(event: QiaoCloudEvent): this {
    return this.put(`outbox ${event.type}`, {
      ...keys.outbox(event.id),
      gsi1pk: keys.pendingOutbox,
      gsi1sk: `${event.time}#${event.id}`,
      event: JSON.stringify(event),
    });
  }

  async commit(): Promise<void> {
    for (const prepare of this.preparations.splice(0)) await prepare();
    this.flushCounters();
    if (this.items.length === 0) return;
    if (this.items.length > 100)
      throw new Error(`transaction has ${this.items.length} items; DynamoDB allows 100`);
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: this.items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = (error.CancellationReasons ?? []).map((r, i) =>
          r.Code && r.Code !== 'None' ? `${this.labels[i]}: ${r.Code}` : '',
        );
        const failed = reasons.filter(Boolean);
        if (failed.some((r) => r.endsWith('ConditionalCheckFailed') || r.endsWith('TransactionConflict'))) {
          throw new ConcurrentChangeError(`transaction cancelled: ${failed.join('; ')}`, failed);
        }
      }
      throw error;
    }
  }

  private flushCounters(): void {
    for (const { label, key, deltas } of this.counters.values()) {
      const moves = Object.entries(deltas).filter(([, n]) => n !== 0);
      if (moves.length === 0) continue;
      const names: Record<string, string> = {};
      const values: Record<string, number> = {};
      moves.forEach(([name, n], i) => {
        names[`#c${i}`] = name;
        values[`:c${i}`] = n;
      });
      const expression = `ADD ${moves.map((_, i) => `#c${i} :c${i}`).join(', ')}`;
      this.update(label, key, { expression, names, values });
    }
    this.counters.clear();
  }
}

export interface Condition {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

function conditionParams(condition?: Condition) {
  if (!condition) return {};
  return {
    ConditionExpression: condition.expression,
    ExpressionAttributeNames: condition.names,
    ExpressionAttributeValues: emptyToUndefined(condition.values ?? {}),
  };
}

function emptyToUndefined<T extends object>(o: T): T | undefined {
  return Object.keys(o).length ? o : undefined;
}

/** Conditions used across repositories. */
export const conditions = {
  notExists: { expression: 'attribute_not_exists(pk)' } as Condition,
  exists: { expression: 'attribute_exists(pk)' } as Condition,
  versionIs: (version: number): Condition => ({
    expression: '#v = :expectedVersion',
    names: { '#v': 'version' },
    values: { ':expectedVersion': version },
  }),
};
