/** Reads source records from a file as a stream: a JSON array, NDJSON, or CSV (UTF-8 or GB18030/GBK). */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseCsvRecords } from '../../adapters/engine/csv.js';

export type FileFormat = 'json' | 'ndjson' | 'csv';

export function formatOf(path: string, declared?: string): FileFormat {
  const format = (declared ?? path.split('.').pop() ?? '').toLowerCase();
  if (format === 'json' || format === 'ndjson' || format === 'csv') return format;
  if (format === 'jsonl') return 'ndjson';
  throw new Error(`cannot tell the format of "${path}"; name it .json, .ndjson or .csv, or pass --format`);
}

/** Yields records in file order; `onBytes` reports progress through the file. */
export async function* readRecords(
  path: string,
  format: FileFormat,
  options: { charset?: string; onBytes?: (bytes: number) => void } = {},
): AsyncIterable<unknown> {
  if (format === 'json') {
    const text = await readFile(path, 'utf8');
    options.onBytes?.(Buffer.byteLength(text));
    const value = JSON.parse(text) as unknown;
    yield* Array.isArray(value) ? value : [value];
    return;
  }
  const stream = createReadStream(path);
  let bytes = 0;
  stream.on('data', (chunk) => {
    bytes += chunk.length;
    options.onBytes?.(bytes);
  });
  if (format === 'ndjson') {
    let line = 0;
    for await (const text of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
      line++;
      if (!text.trim()) continue;
      try {
        yield JSON.parse(text);
      } catch (error) {
        throw new Error(`${path} line ${line} is not valid JSON: ${(error as Error).message}`);
      }
    }
    return;
  }
  for await (const row of parseCsvRecords(stream, options.charset ? { charset: options.charset } : {})) {
    yield 'record' in row ? row.record : { csvLine: row.line, csvError: row.error };
  }
}
