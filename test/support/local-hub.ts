/** Starts a hub for a test against the run's shared DynamoDB Local, on its own table and data directory. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import {
  type LocalHub,
  type LocalHubOptions,
  startLocalHub,
} from '../../functions/runtime/local/local-hub.js';

export const testAdminKey = 'qiao_test_admin_key_0123456789abcdef';

let tableCounter = 0;
export const uniqueTableName = (label = 'hub') =>
  `test-${label}-${process.pid}-${Date.now().toString(36)}-${tableCounter++}`;

export interface TestHub extends LocalHub {
  /** fetch against the hub with a key (the admin key by default). */
  request(path: string, init?: RequestInit & { key?: string; json?: unknown }): Promise<Response>;
  /** Creates an API key with scopes and returns it. */
  createKey(scopes: string[], name?: string): Promise<string>;
  cleanup(): Promise<void>;
}

export async function startTestHub(overrides: Partial<LocalHubOptions> = {}): Promise<TestHub> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qiao-test-'));
  const hub = await startLocalHub({
    port: 0,
    dataDir,
    tableName: uniqueTableName(),
    adminKey: testAdminKey,
    blindIndexKey: 'test-blind-index-key-0123456789abcdef',
    dynamoEndpoint: inject('dynamoEndpoint'),
    ...overrides,
  });
  const request: TestHub['request'] = (path, init = {}) => {
    const { key = testAdminKey, json, headers, ...rest } = init;
    return fetch(`${hub.url}${path}`, {
      ...rest,
      headers: {
        Authorization: `Bearer ${key}`,
        ...(json !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(headers as Record<string, string>),
      },
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    });
  };
  return {
    ...hub,
    request,
    createKey: async (scopes, name = 'test key') => {
      const res = await request('/v1/api-keys', { method: 'POST', json: { name, scopes } });
      if (res.status !== 201) throw new Error(`creating a key failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { key: string }).key;
    },
    cleanup: async () => {
      await hub.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
