/** Reads a batch of source records from a request body: one JSON object, a JSON array, or NDJSON (one per line). */
import { problems } from './problem.js';

export const maxRecordsPerRequest = 5000;

const ndjsonTypes = new Set([
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
  'application/x-jsonlines',
]);

export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export function parseRecordBody(contentType: string | undefined, text: string): unknown[] {
  const type = mediaTypeOf(contentType);
  let records: unknown[];
  if (type === 'application/json') {
    records = parseJsonBody(text);
  } else if (ndjsonTypes.has(type)) {
    records = parseNdjson(text);
  } else {
    throw problems.unsupportedMediaType(
      `Content-Type "${type || '(none)'}" is not accepted here; send application/json (an object or an array) or application/x-ndjson`,
    );
  }
  if (records.length === 0) throw problems.badRequest('empty-batch', 'the body holds no records');
  if (records.length > maxRecordsPerRequest) {
    throw problems.tooLarge(
      `the body holds ${records.length} records; send at most ${maxRecordsPerRequest} per request`,
    );
  }
  return records;
}

function parseJsonBody(text: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw problems.badRequest('malformed-json', `the body is not valid JSON: ${(error as Error).message}`, [
      { path: '(body)', message: (error as Error).message },
    ]);
  }
  return Array.isArray(value) ? value : [value];
}

function parseNdjson(text: string): unknown[] {
  const records: unknown[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line));
    } catch (error) {
      throw problems.badRequest(
        'malformed-json',
        `line ${i + 1} of the NDJSON body is not valid JSON (${(error as Error).message}); nothing was stored`,
        [{ path: `(line ${i + 1})`, message: (error as Error).message }],
      );
    }
  }
  return records;
}
