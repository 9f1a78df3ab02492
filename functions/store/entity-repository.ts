/** Canonical entities (disputes, persons) and the claims that map exact identifiers to them. */
import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredDispute, StoredPerson } from '../resolution/stored-entities.js';
import { type Key, keys } from './keys.js';
import { type Condition, conditions, type UnitOfWork } from './unit-of-work.js';

export type { StoredDispute, StoredPerson };

export interface Claim {
  kind: string;
  value: string;
  entityId: string;
}

const strip = ({ pk: _pk, sk: _sk, ...rest }: Record<string, unknown>) => rest;

export class EntityRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
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

  /** Saves an entity conditioned on the version it was read at (or on its absence when new). */
  saveDispute(uow: UnitOfWork, dispute: StoredDispute, expectedVersion: number | undefined): void {
    uow.put('dispute', { ...keys.dispute(dispute.id), ...dispute }, versionCondition(expectedVersion));
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
