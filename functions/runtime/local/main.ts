/** `npm start`: runs the hub locally until Ctrl-C. Configuration comes from the environment (see README). */
import { resolve } from 'node:path';
import { ConfigError, rateLimitOf, readLocalConfig } from '../../config.js';
import { startLocalHub } from './local-hub.js';

async function main(): Promise<void> {
  const config = readLocalConfig();
  console.log('starting the Qiao hub (DynamoDB Local takes a few seconds)…');
  const hub = await startLocalHub({
    port: config.PORT,
    dataDir: config.QIAO_DATA_DIR,
    tableName: config.QIAO_TABLE_NAME,
    adminKey: config.QIAO_ADMIN_KEY,
    blindIndexKey: config.QIAO_BLIND_INDEX_KEY,
    dynamoEndpoint: config.QIAO_DYNAMODB_ENDPOINT,
    maxBodyBytes: config.QIAO_MAX_BODY_BYTES,
    webhookAllowlist: config.QIAO_WEBHOOK_ALLOWLIST,
    rateLimit: rateLimitOf(config),
  });
  console.log(`Qiao hub listening on ${hub.url}`);
  console.log(`data: ${resolve(hub.dataDir)} (DynamoDB Local at ${hub.dynamoEndpoint})`);
  if (hub.generatedAdminKey) {
    console.log(`admin API key (shown once, stored hashed; keep it): ${hub.generatedAdminKey}`);
  } else if (config.QIAO_ADMIN_KEY) {
    console.log('admin API key: the one in QIAO_ADMIN_KEY');
  } else {
    console.log('admin API key: the one printed on first start (set QIAO_ADMIN_KEY to use one of your own)');
  }
  console.log(`try: curl -H "Authorization: Bearer <admin key>" ${hub.url}/v1/sources`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await hub.stop();
    console.log('stopped; data kept in', resolve(hub.dataDir));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
