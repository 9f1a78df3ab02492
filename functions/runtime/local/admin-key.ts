/** The first admin key: generated on first start and printed once, or set by the operator (QIAO_ADMIN_KEY). */
import { hashApiKey, mintApiKey, recordFor } from '../../access/api-keys.js';
import type { HubStore } from '../../store/hub-store.js';

export async function ensureAdminKey(
  store: HubStore,
  configuredKey: string | undefined,
  at: Date,
): Promise<string | undefined> {
  if (configuredKey) {
    if (!(await store.apiKeys.getByHash(hashApiKey(configuredKey)))) {
      await store.apiKeys.put(
        recordFor(configuredKey, {
          name: 'admin (QIAO_ADMIN_KEY)',
          scopes: ['admin'],
          createdBy: 'operator',
          at,
        }),
      );
    }
    return undefined;
  }
  if (await store.apiKeys.getSetting('initial-admin-key')) return undefined;
  const { key, record } = mintApiKey({
    name: 'initial admin',
    scopes: ['admin'],
    createdBy: 'first start',
    at,
  });
  if (!(await store.apiKeys.initSetting('initial-admin-key', record.id))) return undefined;
  await store.apiKeys.put(record);
  return key;
}
