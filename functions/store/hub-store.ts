/** The store the core is given: one repository per aggregate, sharing one client and table. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ApiKeyRepository } from './api-key-repository.js';
import { EntityRepository } from './entity-repository.js';
import { OutboxRepository } from './outbox-repository.js';
import { RecordRepository } from './record-repository.js';
import { SourceRepository } from './source-repository.js';
import { StatsRepository } from './stats-repository.js';
import { StewardRepository } from './steward-repository.js';
import { SubscriptionRepository } from './subscription-repository.js';
import { UnitOfWork } from './unit-of-work.js';
import { ValueIndexRepository } from './value-index-repository.js';

export class HubStore {
  readonly records: RecordRepository;
  readonly entities: EntityRepository;
  readonly outbox: OutboxRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly sources: SourceRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly valueIndex: ValueIndexRepository;
  readonly steward: StewardRepository;
  readonly stats: StatsRepository;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {
    this.records = new RecordRepository(client, tableName);
    this.stats = new StatsRepository(client, tableName);
    this.entities = new EntityRepository(client, tableName, this.stats);
    this.outbox = new OutboxRepository(client, tableName);
    this.apiKeys = new ApiKeyRepository(client, tableName);
    this.sources = new SourceRepository(client, tableName);
    this.subscriptions = new SubscriptionRepository(client, tableName);
    this.valueIndex = new ValueIndexRepository(client, tableName);
    this.steward = new StewardRepository(client, tableName);
  }

  unitOfWork(): UnitOfWork {
    return new UnitOfWork(this.client, this.tableName);
  }
}
