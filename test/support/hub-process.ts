/** Runs the hub as a separate process exactly as `npm start` does, so tests can stop it, kill it and restart it. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../functions/runtime/local/dynamo-local.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface HubProcess {
  url: string;
  output(): string;
  child: ChildProcess;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

export async function startHubProcess(env: Record<string, string>, timeoutMs = 90_000): Promise<HubProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'functions/runtime/local/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const deadline = Date.now() + timeoutMs;
  while (!output.includes('listening on')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the hub did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `http://127.0.0.1:${port}`, output: () => output, child, exited };
}

/** Polls until the source says every received record has finished processing. */
export async function waitUntilSettled(url: string, key: string, sourceId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${url}/v1/sources/${sourceId}`, { headers: { Authorization: `Bearer ${key}` } });
    const source = (await res.json()) as { settled: boolean; records: Record<string, number> };
    if (source.settled) return source;
    if (Date.now() > deadline)
      throw new Error(`source ${sourceId} did not settle: ${JSON.stringify(source.records)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
