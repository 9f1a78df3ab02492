/** Core dependencies on the run's shared DynamoDB Local with a fresh table, a recording queue and bus, and a settable clock. */
import { inject } from 'vitest';
import type { SourceAdapter } from '../../adapters/engine/adapter.js';
import { AdapterRegistry, builtinAdapters } from '../../adapters/registry.js';
import { createBlindIndexer } from '../../functions/privacy/blind-index.js';
import type { HubDeps } from '../../functions/runtime/deps.js';
import { localCredentials } from '../../functions/runtime/local/dynamo-local.js';
import type { IngestMessage } from '../../functions/runtime/ports.js';
import { createDocumentClient } from '../../functions/store/client.js';
import { HubStore } from '../../functions/store/hub-store.js';
import { ensureTable } from '../../functions/store/table-bootstrap.js';
import type { QiaoCloudEvent } from '../../schemas/generated/types.js';
import { uniqueTableName } from './local-hub.js';

export interface TestDeps extends HubDeps {
  sent: IngestMessage[];
  published: QiaoCloudEvent[];
  setNow(iso: string): void;
}

export async function createTestDeps(adapters: SourceAdapter[] = builtinAdapters()): Promise<TestDeps> {
  const client = createDocumentClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'local',
    credentials: localCredentials,
  });
  const tableName = uniqueTableName('core');
  await ensureTable(client as never, tableName);
  let now = new Date('2024-03-06T03:00:00Z');
  const sent: IngestMessage[] = [];
  const published: QiaoCloudEvent[] = [];
  const store = new HubStore(client, tableName);
  return {
    store,
    queue: { send: async (m) => void sent.push(...m) },
    bus: { put: async (e) => void published.push(...e) },
    clock: { now: () => now },
    blindIndexer: createBlindIndexer('test-blind-index-key-0123456789abcdef'),
    adapters: new AdapterRegistry(adapters, store.sources),
    eventSource: 'urn:qiao:hub:test',
    maxBodyBytes: 1024 * 1024,
    sent,
    published,
    setNow: (iso) => {
      now = new Date(iso);
    },
  };
}
