/**
 * The figures' counters (`GET /v1/stats`), maintained without scans: every dispute save moves them by the difference
 * between the new version's contributions and the replaced version's (`statsDelta`), in the same transaction as the
 * save. The save is conditioned on the replaced version, so each version's delta is applied exactly once or not at
 * all, whoever saves (ingest, a steward's merge or split, the supervision sweep), and the counters always equal a full
 * recount of the latest versions.
 */
import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredDispute } from '../resolution/stored-entities.js';
import { applyDelta, type Counters, splitCounterKey, statsDelta } from '../supervision/stats.js';
import { type Key, keys } from './keys.js';
import { ConcurrentChangeError, type UnitOfWork } from './unit-of-work.js';

const counterPrefix = 'STATS#';

export class StatsRepository {
  /** One shard per transaction: its disputes' moves of one counter coalesce into one update of one item. */
  private readonly shards = new WeakMap<UnitOfWork, number>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Moves the counters for a dispute saved in `uow` conditioned on `expectedVersion` (undefined: created). The
   * replaced version is `before` when the caller holds it at that version; otherwise it is read just before the
   * commit, and a version other than the expected one fails the commit as the save's own condition would.
   */
  countChange(
    uow: UnitOfWork,
    after: StoredDispute,
    expectedVersion: number | undefined,
    before?: StoredDispute,
  ): void {
    if (expectedVersion === undefined || before?.version === expectedVersion) {
      this.apply(uow, statsDelta(before, after));
      return;
    }
    uow.beforeCommit(async () => {
      const out = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: keys.dispute(after.id), ConsistentRead: true }),
      );
      const stored = out.Item as StoredDispute | undefined;
      if (stored?.version !== expectedVersion) {
        throw new ConcurrentChangeError(
          `dispute ${after.id} is at version ${stored?.version ?? 'none'}, not ${expectedVersion}`,
          ['dispute: ConditionalCheckFailed'],
        );
      }
      this.apply(uow, statsDelta(stored, after));
    });
  }

  private apply(uow: UnitOfWork, delta: Counters): void {
    let shard = this.shards.get(uow);
    if (shard === undefined) {
      // Random, as the source counters: concurrent writers rarely meet on an item; readers sum every shard.
      shard = Math.floor(Math.random() * keys.statsShards);
      this.shards.set(uow, shard);
    }
    const byItem = new Map<string, { key: Key; metrics: Record<string, number> }>();
    for (const [counter, n] of Object.entries(delta)) {
      const { scope, period, metric } = splitCounterKey(counter);
      const key = keys.statsCounter(scope, period, shard);
      const entry = byItem.get(key.pk) ?? { key, metrics: {} };
      entry.metrics[metric] = n;
      byItem.set(key.pk, entry);
    }
    for (const { key, metrics } of byItem.values()) uow.addToCounter('stats counter', key, metrics);
  }

  /** The counters of one scope over the given periods (`all`, or months `YYYY-MM`), summed over their shards. */
  async read(scope: string, periods: readonly string[]): Promise<Counters> {
    const wanted = periods.flatMap((period) =>
      Array.from({ length: keys.statsShards }, (_, shard) => ({
        period,
        key: keys.statsCounter(scope, period, shard),
      })),
    );
    const periodOf = new Map(wanted.map((w) => [w.key.pk, w.period]));
    const counters: Counters = {};
    for (let i = 0; i < wanted.length; i += 100) {
      let request: Record<string, { Keys: Key[] }> | undefined = {
        [this.tableName]: { Keys: wanted.slice(i, i + 100).map((w) => w.key) },
      };
      while (request && Object.keys(request).length) {
        const out = await this.client.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of out.Responses?.[this.tableName] ?? []) {
          const period = periodOf.get(String(item.pk));
          applyDelta(counters, metricsOf(item, `${scope}/${period}/`));
        }
        request = out.UnprocessedKeys as typeof request;
      }
    }
    return counters;
  }

  /** Every counter of every scope and period. A full scan: for tests and maintenance, never for a request. */
  async scanAll(): Promise<Counters> {
    const counters: Counters = {};
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'begins_with(pk, :p)',
          ExpressionAttributeValues: { ':p': counterPrefix },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        const [scope, period] = String(item.pk).slice(counterPrefix.length).split('#');
        applyDelta(counters, metricsOf(item, `${scope}/${period}/`));
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return counters;
  }
}

function metricsOf(item: Record<string, unknown>, prefix: string): Counters {
  const out: Counters = {};
  for (const [name, value] of Object.entries(item)) {
    if (name !== 'pk' && name !== 'sk' && typeof value === 'number') out[`${prefix}${name}`] = value;
  }
  return out;
}
