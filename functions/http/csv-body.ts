/**
 * A CSV request body read as a stream and cut into batches of records, so a 100,000-row export never sits in memory
 * whole. A row that cannot be parsed is still passed on (as the line and the reason), to be kept in quarantine.
 */
import { parseCsvRecords } from '../../adapters/engine/csv.js';

export interface CsvBatch {
  firstIndex: number;
  records: unknown[];
}

async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      if (value) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

export async function* csvBatches(
  body: ReadableStream<Uint8Array> | null,
  options: { charset?: string; batchSize: number },
): AsyncIterable<CsvBatch> {
  if (!body) return;
  let batch: unknown[] = [];
  let firstIndex = 0;
  for await (const row of parseCsvRecords(
    chunksOf(body),
    options.charset ? { charset: options.charset } : {},
  )) {
    batch.push('record' in row ? row.record : { csvLine: row.line, csvError: row.error });
    if (batch.length >= options.batchSize) {
      yield { firstIndex, records: batch };
      firstIndex += batch.length;
      batch = [];
    }
  }
  if (batch.length) yield { firstIndex, records: batch };
}
