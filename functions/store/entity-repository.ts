/** Canonical entities (disputes, persons) and the claims that map exact identifiers to them. */
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import type { StoredDispute, StoredPerson } from '../resolution/stored-entities.js';
import { supervisionCheckAt } from '../supervision/supervision.js';
import { type Key, keys } from './keys.js';
import type { StatsRepository } from './stats-repository.js';
import { type Condition, conditions, type UnitOfWork } from './unit-of-work.js';

export type { StoredDispute, StoredPerson };

export interface Claim {
  kind: string;
  value: string;
  entityId: string;
}

/** The entity without its table keys (index keys are the store's business, recomputed on every save). */
const strip = ({
  pk: _pk,
  sk: _sk,
  gsi1pk: _a,
  gsi1sk: _b,
  gsi2pk: _c,
  gsi2sk: _d,
  ...rest
}: Record<string, unknown>) => rest;

export class EntityRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly stats: StatsRepository,
  ) {}

  private async getItem<T>(key: Key): Promise<T | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return out.Item ? (strip(out.Item) as T) : undefined;
  }

  getDispute(id: string): Promise<StoredDispute | undefined> {
    return this.getItem(keys.dispute(id));
  }

  getPerson(id: string): Promise<StoredPerson | undefined> {
    return this.getItem(keys.person(id));
  }

  getPersons(ids: readonly string[]): Promise<StoredPerson[]> {
    return this.batchGet(ids.map((id) => keys.person(id)));
  }

  getDisputes(ids: readonly string[]): Promise<StoredDispute[]> {
    return this.batchGet(ids.map((id) => keys.dispute(id)));
  }

  /** Follows merge redirects to the surviving person (undefined when unknown). */
  async currentPerson(id: string): Promise<StoredPerson | undefined> {
    return this.followRedirects(id, (x) => this.getPerson(x));
  }

  async currentDispute(id: string): Promise<StoredDispute | undefined> {
    return this.followRedirects(id, (x) => this.getDispute(x));
  }

  /** For each person id that was merged away, the id it now redirects to. */
  async personRedirects(ids: ReadonlyArray<string | null>): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((i): i is string => Boolean(i)))];
    const out = new Map<string, string>();
    for (const person of await this.getPersons(wanted)) {
      if (!person.mergedInto) continue;
      const current = await this.currentPerson(person.mergedInto);
      out.set(person.id, current?.id ?? person.mergedInto);
    }
    return out;
  }

  private async followRedirects<T extends { id: string; mergedInto?: string }>(
    id: string,
    get: (id: string) => Promise<T | undefined>,
  ): Promise<T | undefined> {
    let entity = await get(id);
    // A merge never points back at an entity it came from, but a bounded walk costs nothing.
    for (let hops = 0; entity?.mergedInto && hops < 16; hops++) entity = await get(entity.mergedInto);
    return entity;
  }

  private async batchGet<T>(wanted: Key[]): Promise<T[]> {
    const unique = [...new Map(wanted.map((k) => [k.pk, k])).values()];
    const found: T[] = [];
    for (let i = 0; i < unique.length; i += 100) {
      let request: Record<string, { Keys: Key[]; ConsistentRead: boolean }> | undefined = {
        [this.tableName]: { Keys: unique.slice(i, i + 100), ConsistentRead: true },
      };
      while (request && Object.keys(request).length) {
        const out = await this.client.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of out.Responses?.[this.tableName] ?? []) found.push(strip(item) as T);
        request = out.UnprocessedKeys as typeof request;
      }
    }
    return found;
  }

  /** Looks up many claims at once; returns the ones that exist. */
  async getClaims(wanted: Array<{ kind: string; value: string }>): Promise<Claim[]> {
    const unique = [...new Map(wanted.map((w) => [`${w.kind}#${w.value}`, w])).values()];
    const found: Claim[] = [];
    for (let i = 0; i < unique.length; i += 100) {
      const chunk = unique.slice(i, i + 100);
      let request: Record<string, { Keys: Key[]; ConsistentRead: boolean }> | undefined = {
        [this.tableName]: { Keys: chunk.map((c) => keys.claim(c.kind, c.value)), ConsistentRead: true },
      };
      while (request && Object.keys(request).length) {
        const out = await this.client.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of out.Responses?.[this.tableName] ?? []) found.push(strip(item) as unknown as Claim);
        request = out.UnprocessedKeys as typeof request;
      }
    }
    return found;
  }

  /**
   * Saves an entity conditioned on the version it was read at (or on its absence when new). With it, in the same
   * transaction: the dispute's entry in the supervision sweep's index (the next time a deadline threshold is due, see
   * `supervisionCheckAt`), and the figures' counters moved by what this version changes (give `before`, the version
   * replaced, when it is at hand; otherwise it is read just before the commit).
   */
  saveDispute(
    uow: UnitOfWork,
    dispute: StoredDispute,
    expectedVersion: number | undefined,
    before?: StoredDispute,
  ): void {
    const entity = strip(dispute as unknown as Record<string, unknown>);
    const checkAt = supervisionCheckAt(dispute);
    uow.put(
      'dispute',
      {
        ...keys.dispute(dispute.id),
        ...entity,
        ...(checkAt
          ? { gsi2pk: keys.supervisionDue, gsi2sk: keys.supervisionDueSort(checkAt, dispute.id) }
          : {}),
      },
      versionCondition(expectedVersion),
    );
    this.stats.countChange(uow, dispute, expectedVersion, before);
  }

  /**
   * Open disputes whose next supervision check is due at `now` (ISO, UTC), earliest first, a page at a time. Read from
   * the sparse index, which projects the whole item: callers save conditioned on the version they see, so an entry
   * the index has not caught up with yet fails harmlessly.
   */
  async listSupervisionDue(
    now: string,
    limit: number,
    after?: Record<string, unknown>,
  ): Promise<{ disputes: StoredDispute[]; next?: Record<string, unknown> }> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p AND gsi2sk < :bound',
        ExpressionAttributeValues: { ':p': keys.supervisionDue, ':bound': keys.supervisionDueBound(now) },
        Limit: limit,
        ExclusiveStartKey: after,
      }),
    );
    return {
      disputes: (out.Items ?? []).map((item) => strip(item) as unknown as StoredDispute),
      ...(out.LastEvaluatedKey ? { next: out.LastEvaluatedKey } : {}),
    };
  }

  /** Every dispute, merged-away ones included. A full scan: for tests and maintenance, never for a request. */
  async *scanDisputes(): AsyncGenerator<StoredDispute> {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'sk = :sk',
          ExpressionAttributeValues: { ':sk': keys.dispute('x').sk },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) yield strip(item) as unknown as StoredDispute;
      start = out.LastEvaluatedKey;
    } while (start);
  }

  /** For each dispute id that was merged away, the id it now redirects to (reads only ids and redirects). */
  async disputeRedirects(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    let wanted = [...new Set(ids)];
    for (let hops = 0; wanted.length && hops < 16; hops++) {
      const merged: Array<{ id: string; mergedInto: string }> = [];
      for (let i = 0; i < wanted.length; i += 100) {
        let request: Record<string, object> | undefined = {
          [this.tableName]: {
            Keys: wanted.slice(i, i + 100).map((id) => keys.dispute(id)),
            ProjectionExpression: '#id, #m',
            ExpressionAttributeNames: { '#id': 'id', '#m': 'mergedInto' },
          },
        };
        while (request && Object.keys(request).length) {
          const page = await this.client.send(new BatchGetCommand({ RequestItems: request as never }));
          for (const item of page.Responses?.[this.tableName] ?? []) {
            if (typeof item.mergedInto === 'string')
              merged.push({ id: String(item.id), mergedInto: item.mergedInto });
          }
          request = page.UnprocessedKeys as typeof request;
        }
      }
      // Follow chains of merges: whatever redirected to a merged id now redirects to where that one went.
      for (const { id, mergedInto } of merged) {
        for (const [from, to] of out) if (to === id) out.set(from, mergedInto);
        out.set(id, mergedInto);
      }
      wanted = [...new Set(merged.map((m) => m.mergedInto))];
    }
    return out;
  }

  savePerson(uow: UnitOfWork, person: StoredPerson, expectedVersion: number | undefined): void {
    uow.put('person', { ...keys.person(person.id), ...person }, versionCondition(expectedVersion));
  }

  /**
   * Claims an identifier for an entity. The claim is created if absent and left alone if it already names the same
   * entity; if another entity holds it, the transaction fails and resolution runs again on fresh state, which is how
   * two workers resolving the same new person at once end with one person.
   */
  claim(uow: UnitOfWork, claim: Claim): void {
    uow.put(
      'claim',
      { ...keys.claim(claim.kind, claim.value), ...claim },
      {
        expression: 'attribute_not_exists(pk) OR entityId = :id',
        values: { ':id': claim.entityId },
      },
    );
  }

  /** Moves a claim from one entity to another (a split moving the records that carry the identifier). */
  reassignClaim(uow: UnitOfWork, claim: Claim, fromEntityId: string): void {
    uow.put(
      'claim move',
      { ...keys.claim(claim.kind, claim.value), ...claim },
      { expression: 'entityId = :from', values: { ':from': fromEntityId } },
    );
  }
}

function versionCondition(expected: number | undefined): Condition {
  return expected === undefined ? conditions.notExists : conditions.versionIs(expected);
}
