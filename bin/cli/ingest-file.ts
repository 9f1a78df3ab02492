/**
 * `qiao ingest`: streams a file of records to the hub in batches, with a progress bar, throughput and a final tally.
 * Progress is saved after every acknowledged batch, so an interrupted run resumes where it stopped; a batch sent
 * twice is harmless anyway (same content is a duplicate).
 */
import { appendFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { HubClient } from './hub-client.js';
import { type FileFormat, readRecords } from './record-files.js';

interface IngestAnswer {
  accepted: number;
  duplicate: number;
  rejected: number;
  results: Array<{
    status: string;
    sourceRecordId: string;
    recordKey: string;
    errors?: Array<{ path: string; message: string }>;
  }>;
}

interface Progress {
  file: string;
  size: number;
  mtimeMs: number;
  sourceId: string;
  done: number;
  tally: { accepted: number; duplicate: number; rejected: number };
}

export interface IngestOptions {
  sourceId: string;
  file: string;
  format: FileFormat;
  charset?: string;
  batchSize: number;
  rejectedFile: string;
  quiet: boolean;
}

export async function ingestFile(client: HubClient, options: IngestOptions): Promise<Progress['tally']> {
  const stat = statSync(options.file);
  const progressFile = `${options.file}.qiao-progress.json`;
  let progress: Progress = {
    file: options.file,
    size: stat.size,
    mtimeMs: stat.mtimeMs,
    sourceId: options.sourceId,
    done: 0,
    tally: { accepted: 0, duplicate: 0, rejected: 0 },
  };
  if (existsSync(progressFile)) {
    const saved = JSON.parse(readFileSync(progressFile, 'utf8')) as Progress;
    if (saved.size === stat.size && saved.mtimeMs === stat.mtimeMs && saved.sourceId === options.sourceId) {
      progress = saved;
      if (!options.quiet) console.log(`resuming after ${saved.done} records already sent`);
    }
  }
  const bar = options.quiet
    ? undefined
    : new cliProgress.SingleBar(
        {
          format:
            '{bar} {percentage}% | {records} records | {rate} rec/s | accepted {accepted} duplicate {duplicate} rejected {rejected}',
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
  bar?.start(stat.size, 0, { records: progress.done, rate: 0, ...progress.tally });
  let bytes = 0;
  const started = Date.now();
  let sent = 0;
  let index = 0;
  let batch: unknown[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const answer = await client.request<IngestAnswer>(
      'POST',
      `/v1/sources/${encodeURIComponent(options.sourceId)}/records`,
      { ndjson: batch },
    );
    for (const r of answer.results) {
      if (r.status === 'rejected') appendFileSync(options.rejectedFile, `${JSON.stringify(r)}\n`);
    }
    progress.tally.accepted += answer.accepted;
    progress.tally.duplicate += answer.duplicate;
    progress.tally.rejected += answer.rejected;
    progress.done += batch.length;
    sent += batch.length;
    batch = [];
    writeFileSync(progressFile, JSON.stringify(progress));
    const seconds = (Date.now() - started) / 1000;
    bar?.update(bytes, {
      records: progress.done,
      rate: Math.round(sent / Math.max(seconds, 0.001)),
      ...progress.tally,
    });
  };
  for await (const record of readRecords(options.file, options.format, {
    ...(options.charset ? { charset: options.charset } : {}),
    onBytes: (b) => {
      bytes = b;
    },
  })) {
    if (index++ < progress.done) continue;
    batch.push(record);
    if (batch.length >= options.batchSize) await flush();
  }
  await flush();
  bar?.update(stat.size);
  bar?.stop();
  rmSync(progressFile, { force: true });
  const seconds = (Date.now() - started) / 1000;
  if (!options.quiet) {
    console.log(
      `${progress.done} records: ${progress.tally.accepted} accepted, ${progress.tally.duplicate} duplicate, ${progress.tally.rejected} rejected in ${seconds.toFixed(1)} s (${Math.round(sent / Math.max(seconds, 0.001))} records/s)`,
    );
    if (progress.tally.rejected)
      console.log(
        `rejected records and their reasons: ${options.rejectedFile}; they are kept in the hub's quarantine (GET /v1/sources/${options.sourceId}/quarantine)`,
      );
  }
  return progress.tally;
}
