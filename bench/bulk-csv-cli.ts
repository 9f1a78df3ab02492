/**
 * Bulk CSV ingest through the CLI: generated 110 rows written to a CSV file, sent by `qiao ingest` to a hub running
 * as its own process (as `npm start` runs it). Reports records/s as acknowledged by the hub, how many were processed
 * by then, and the peak memory (RSS) of the hub and of the CLI, sampled from /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../functions/runtime/local/dynamo-local.js';
import { police110CsvLines } from './generators/police-110-csv.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const key = 'qiao_bench_bulk_csv_key_0123456789';

export interface BulkCsvOptions {
  rows: number;
  batchSize: number;
}

export const defaultBulkCsvOptions = (): BulkCsvOptions => ({
  rows: Number(process.env.BENCH_CSV_ROWS ?? 100_000),
  batchSize: Number(process.env.BENCH_CSV_BATCH ?? 1000),
});

function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

function exited(child: ChildProcess) {
  return new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
}

export async function runBulkCsv(options: BulkCsvOptions) {
  const dir = mkdtempSync(join(tmpdir(), 'qiao-bulk-'));
  const file = join(dir, 'calls.csv');
  const out = createWriteStream(file);
  for (const line of police110CsvLines(options.rows)) {
    if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  const port = await freePort();
  const env = {
    ...process.env,
    PORT: String(port),
    QIAO_DATA_DIR: join(dir, 'data'),
    QIAO_ADMIN_KEY: key,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const hub = spawn(process.execPath, ['--import', 'tsx', 'functions/runtime/local/main.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let hubOutput = '';
  hub.stdout?.on('data', (d: Buffer) => {
    hubOutput += d.toString();
  });
  try {
    while (!hubOutput.includes('listening on')) {
      if (hub.exitCode !== null) throw new Error(`the hub did not start:\n${hubOutput}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const url = `http://127.0.0.1:${port}`;
    const started = Date.now();
    const cli = spawn(
      process.execPath,
      ['bin/qiao.js', 'ingest', 'police-110', file, '--batch', String(options.batchSize), '--quiet'],
      {
        cwd: root,
        env: { ...env, QIAO_URL: url, QIAO_KEY: key },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    let peakHub = 0;
    let peakCli = 0;
    const sampler = setInterval(() => {
      peakHub = Math.max(peakHub, rssMb(hub.pid));
      peakCli = Math.max(peakCli, rssMb(cli.pid));
    }, 250);
    const code = await exited(cli);
    clearInterval(sampler);
    const seconds = (Date.now() - started) / 1000;
    if (code !== 0) throw new Error(`qiao ingest exited with ${code}`);
    const source = (await (
      await fetch(`${url}/v1/sources/police-110`, { headers: { Authorization: `Bearer ${key}` } })
    ).json()) as {
      records: Record<string, number>;
    };
    return {
      rows: options.rows,
      fileMB: Math.round((readFileSync(file).length / 1024 / 1024) * 10) / 10,
      seconds: Math.round(seconds * 10) / 10,
      acceptedPerSecond: Math.round((options.rows / seconds) * 10) / 10,
      recordsAtEnd: source.records,
      peakRssMB: { hub: Math.round(peakHub), cli: Math.round(peakCli) },
      note: 'the hub processes records concurrently with accepting them; DynamoDB Local (a separate Java process) is not included in the hub figure',
    };
  } finally {
    hub.kill('SIGINT');
    await exited(hub);
    rmSync(dir, { recursive: true, force: true });
  }
}
