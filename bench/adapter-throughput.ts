/**
 * Adapter throughput, in-process: how many records per second each built-in adapter maps, on its own fixture
 * records (every real-world variation the contract lists), with no I/O. Shows the adapters are never the bottleneck.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinAdapters } from '../adapters/registry.js';

const adaptersRoot = fileURLToPath(new URL('../adapters/', import.meta.url));

export interface AdapterThroughput {
  sourceId: string;
  fixtures: number;
  records: number;
  seconds: number;
  recordsPerSecond: number;
}

export async function runAdapterThroughput(options: {
  secondsPerAdapter: number;
}): Promise<AdapterThroughput[]> {
  const results: AdapterThroughput[] = [];
  for (const adapter of builtinAdapters()) {
    const dir = join(adaptersRoot, adapter.sourceId, 'fixtures');
    const raws = readdirSync(dir)
      .filter((f) => !f.endsWith('.expected.json'))
      .map((f) =>
        f.endsWith('.json') ? JSON.parse(readFileSync(join(dir, f), 'utf8')) : readFileSync(join(dir, f)),
      );
    const context = { receivedAt: '2024-03-06T12:00:00+08:00' };
    for (const raw of raws) await adapter.map(raw, context); // warm up
    let records = 0;
    const started = performance.now();
    const until = started + options.secondsPerAdapter * 1000;
    while (performance.now() < until) {
      for (const raw of raws) await adapter.map(raw, context);
      records += raws.length;
    }
    const seconds = (performance.now() - started) / 1000;
    results.push({
      sourceId: adapter.sourceId,
      fixtures: raws.length,
      records,
      seconds,
      recordsPerSecond: Math.round(records / seconds),
    });
  }
  return results;
}

export function formatAdapterThroughput(results: AdapterThroughput[]): string {
  const rows = results.map(
    (r) =>
      `${r.sourceId.padEnd(15)} ${String(r.recordsPerSecond).padStart(8)} records/s  (${r.fixtures} fixture variations)`,
  );
  return ['adapter throughput (in-process, one core)', ...rows].join('\n');
}
