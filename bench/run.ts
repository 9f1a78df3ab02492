/** Entry of `npm run bench`: runs the benchmarks (all, or those named on the command line) and records their results. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatAdapterThroughput, runAdapterThroughput } from './adapter-throughput.js';
import { defaultBulkCsvOptions, runBulkCsv } from './bulk-csv-cli.js';
import {
  defaultEarlyWarningOptions,
  formatEarlyWarningMonth,
  runEarlyWarningMonth,
} from './early-warning-month.js';
import { defaultDeliveryOptions, formatDeliveryResult, runEventDelivery } from './event-delivery.js';
import { defaultIngestOptions, formatIngestResult, runIngestThroughput } from './ingest-throughput.js';
import {
  defaultResolutionScaleOptions,
  formatResolutionScale,
  runResolutionScale,
} from './resolution-scale.js';
import {
  defaultSupervisionOptions,
  formatSupervisionSweep,
  runSupervisionSweep,
} from './supervision-sweep.js';

interface Benchmark {
  /** The key in results/latest.json and the prefix of its dated result file. */
  name: string;
  description: string;
  /** Runs the benchmark, prints its table and returns what is recorded: its parameters and results. */
  run(): Promise<{ parameters: Record<string, unknown>; results: unknown }>;
}

const benchmarks: Benchmark[] = [
  {
    name: 'adapters',
    description: 'records per second each built-in adapter maps in-process, over its fixture variations',
    run: async () => {
      const parameters = { secondsPerAdapter: Number(process.env.BENCH_ADAPTER_SECONDS ?? 3) };
      const results = await runAdapterThroughput(parameters);
      console.log(formatAdapterThroughput(results));
      return { parameters, results };
    },
  },
  {
    name: 'ingest',
    description: 'bulk and single-record ingestion of generated 12345 work orders through the local HTTP API',
    run: async () => {
      const { log: _log, ...parameters } = defaultIngestOptions();
      if (parameters.records < 1) throw new Error('BENCH_RECORDS must be at least 1');
      const results = await runIngestThroughput(defaultIngestOptions());
      console.log(formatIngestResult(results, parameters));
      return { parameters, results };
    },
  },
  {
    name: 'bulk-csv-cli',
    description:
      'generated 110 rows (BENCH_CSV_ROWS, default 100000) sent as CSV by `qiao ingest` to a hub process',
    run: async () => {
      const parameters: Record<string, unknown> & ReturnType<typeof defaultBulkCsvOptions> = {
        ...defaultBulkCsvOptions(),
      };
      const results = await runBulkCsv(parameters);
      console.log(JSON.stringify(results, null, 2));
      return { parameters, results };
    },
  },
  {
    name: 'event-delivery',
    description:
      'signed webhook delivery of ingested records’ events to a local receiver, with 1, 10 and 100 subscriptions',
    run: async () => {
      const { log: _log, ...parameters } = defaultDeliveryOptions();
      const results = await runEventDelivery(defaultDeliveryOptions());
      console.log(formatDeliveryResult(results, parameters));
      return { parameters, results };
    },
  },
  {
    name: 'early-warning-month',
    description:
      'what each early-warning rule fires on in a generated month of county data (BENCH_WARNING_DISPUTES, default 1500)',
    run: async () => {
      const { log: _log, ...parameters } = defaultEarlyWarningOptions();
      const results = await runEarlyWarningMonth(defaultEarlyWarningOptions());
      console.log(formatEarlyWarningMonth(results));
      return { parameters, results };
    },
  },
  {
    name: 'supervision-sweep',
    description:
      'the 督办 sweep over 100,000 open disputes (BENCH_SUPERVISION_DISPUTES) seeded into DynamoDB Local: a day of crossings, the next minute, nothing due',
    run: async () => {
      const { log: _log, ...parameters } = defaultSupervisionOptions();
      const results = await runSupervisionSweep(defaultSupervisionOptions());
      console.log(formatSupervisionSweep(results));
      return { parameters, results };
    },
  },
  {
    name: 'supervision-sweep-all-due',
    description:
      'the 督办 sweep’s worst case: 100,000 open disputes all past their deadlines with nothing recorded, swept at once',
    run: async () => {
      const { log: _log, ...parameters } = { ...defaultSupervisionOptions(), allDue: true };
      const results = await runSupervisionSweep({ ...defaultSupervisionOptions(), allDue: true });
      console.log(formatSupervisionSweep(results));
      return { parameters, results };
    },
  },
  {
    name: 'resolution-scale',
    description:
      'resolution cost per record (calls, capacity, candidates, time) with 10,000 and 200,000 records already stored (BENCH_SCALE_SIZES)',
    run: async () => {
      const parameters = { ...defaultResolutionScaleOptions() };
      const results = await runResolutionScale(parameters);
      console.log(formatResolutionScale(results, parameters));
      return { parameters, results };
    },
  },
];

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

async function main(): Promise<number> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !benchmarks.some((b) => b.name === w));
  if (unknown.length) {
    console.error(
      `unknown benchmark(s): ${unknown.join(', ')}; known: ${benchmarks.map((b) => b.name).join(', ')}`,
    );
    return 2;
  }
  const selected = wanted.length ? benchmarks.filter((b) => wanted.includes(b.name)) : benchmarks;
  const machine = machineInfo();
  const git = gitInfo();
  let failed = 0;
  for (const benchmark of selected) {
    console.log(`\n== ${benchmark.name}: ${benchmark.description}`);
    console.log(
      `   ${machine.cpus} × ${machine.cpuModel}, ${machine.totalMemoryMB} MB, node ${machine.node}, ${machine.java ?? 'java unknown'}\n`,
    );
    const ranAt = new Date();
    const t = Date.now();
    const loadBefore = loadavg();
    try {
      const { parameters, results } = await benchmark.run();
      // Other work on the machine skews every number; the 1-minute load average before and after shows how much.
      const load = { before: round2(loadBefore[0]!), after: round2(loadavg()[0]!) };
      console.log(
        `\nload average (1 min) before / after: ${load.before} / ${load.after} on ${machine.cpus} CPUs`,
      );
      const entry = {
        benchmark: benchmark.name,
        ranAt: ranAt.toISOString(),
        durationMs: Date.now() - t,
        machine: { ...machine, loadAverage1m: load },
        git,
        parameters,
        results,
      };
      const file = record(benchmark.name, ranAt, entry);
      console.log(`\nwrote ${file} and results/latest.json`);
    } catch (error) {
      failed++;
      console.error(`\nbenchmark ${benchmark.name} failed:`, error);
    }
  }
  return failed ? 1 : 0;
}

/** Writes results/<name>-<date>.json and merges the entry into results/latest.json under its name. */
function record(name: string, ranAt: Date, entry: unknown): string {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${name}-${ranAt.toISOString().slice(0, 10)}.json`);
  writeFileSync(file, `${JSON.stringify(entry, null, 2)}\n`);
  const latestFile = join(resultsDir, 'latest.json');
  let latest: Record<string, unknown> = {};
  if (existsSync(latestFile)) {
    try {
      const parsed = JSON.parse(readFileSync(latestFile, 'utf8')) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        latest = parsed as Record<string, unknown>;
    } catch {
      console.warn('results/latest.json was not valid JSON; starting it afresh');
    }
  }
  latest[name] = entry;
  writeFileSync(latestFile, `${JSON.stringify(latest, null, 2)}\n`);
  return file;
}

function machineInfo() {
  const list = cpus();
  return {
    platform: platform(),
    release: release(),
    arch: arch(),
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    totalMemoryMB: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    java: commandOutput('java', ['-version'])?.split('\n')[0]?.trim(),
  };
}

function gitInfo() {
  const commit = commandOutput('git', ['rev-parse', 'HEAD'])?.trim();
  const status = commandOutput('git', ['status', '--porcelain']);
  return { commit, dirty: status === undefined ? undefined : status.trim().length > 0 };
}

/** stdout (or stderr, where java -version writes) of a command, or undefined when it cannot run. */
function commandOutput(command: string, args: string[]): string | undefined {
  const out = spawnSync(command, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 10_000,
  });
  if (out.error || out.status !== 0) return undefined;
  return out.stdout || out.stderr;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
