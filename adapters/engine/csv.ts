/**
 * CSV exports (110 接警单 and bulk uploads) as records: UTF-8 with or without BOM or GB18030/GBK, detected from the
 * bytes, parsed with csv-parse as a stream, one `{ line, record }` or `{ line, error }` per data row.
 * @see https://encoding.spec.whatwg.org/#decode (a BOM overrides a declared charset; GBK is decoded as GB18030)
 * @see https://www.rfc-editor.org/rfc/rfc4180 (quoting; rows of a different length are reported, not guessed at)
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type CsvError, type Options, Parser } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';

export type CsvCharset = 'utf-8' | 'gb18030';

/** One data row: its cells keyed by the trimmed header names (empty cells absent), or why it could not be read. */
export type CsvRow = { line: number; record: Record<string, string> } | { line: number; error: string };

export interface CsvOptions {
  /** The charset the sender declared (`utf-8`, `gbk`, `gb2312`, `gb18030`, any WHATWG label of these); a BOM wins. */
  charset?: string;
}

export class UnsupportedCharsetError extends Error {
  constructor(readonly charset: string) {
    super(
      `unsupported charset "${charset}"; CSV exports are read as utf-8 or gb18030 (labels gbk, gb2312, gb18030, ` +
        'utf-8); omit the charset to detect it from the bytes',
    );
  }
}

/** How many bytes after the first non-ASCII byte are looked at to choose between UTF-8 and GB18030. */
export const SNIFF_BYTES = 64 * 1024;
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
/** Labels the WHATWG decoder does not know but Windows exports use for GBK. */
const WINDOWS_GBK_LABELS = new Set(['cp936', 'ms936', 'windows-936']);

const PARSE_OPTIONS: Options = {
  bom: true,
  info: true,
  raw: true,
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: true,
  skip_records_with_empty_values: true,
  skip_records_with_error: true,
};

/** The charset a declared label stands for; throws UnsupportedCharsetError for any other charset. */
export function charsetOf(label: string): CsvCharset {
  const key = label.trim().toLowerCase();
  if (WINDOWS_GBK_LABELS.has(key)) return 'gb18030';
  let encoding: string;
  try {
    encoding = new TextDecoder(key).encoding;
  } catch {
    throw new UnsupportedCharsetError(label);
  }
  if (encoding === 'utf-8') return 'utf-8';
  if (encoding === 'gbk' || encoding === 'gb18030') return 'gb18030';
  throw new UnsupportedCharsetError(label);
}

/**
 * Bytes as text. A UTF-8 BOM means UTF-8 (and is removed) whatever was declared; otherwise the declared charset is
 * used; without one, bytes that are valid UTF-8 are UTF-8 and anything else is GB18030 (a superset of GBK and GB2312).
 */
export function decodeText(
  bytes: Uint8Array,
  declaredCharset?: string,
): { text: string; charset: CsvCharset } {
  const declared = declaredCharset === undefined ? undefined : charsetOf(declaredCharset);
  const charset = hasUtf8Bom(bytes) ? 'utf-8' : (declared ?? sniffCharset(bytes, true));
  const body = hasUtf8Bom(bytes) ? bytes.subarray(UTF8_BOM.length) : bytes;
  return { text: new TextDecoder(charset, { ignoreBOM: true }).decode(body), charset };
}

/**
 * The data rows of a CSV export, read as a stream: the charset is chosen from the first non-ASCII bytes (up to
 * SNIFF_BYTES of them) unless declared, the text decoded incrementally, and rows yielded as they are parsed, so a
 * large export is never held in memory whole. The first non-empty row is the header (names trimmed; an empty name
 * becomes `column<n>`, a repeated one `<name>#2`). Rows of blank cells are skipped; a row with more or fewer cells than
 * the header, or broken quoting, is yielded as an error for its line and reading goes on.
 */
export async function* parseCsvRecords(
  input: AsyncIterable<Uint8Array> | Uint8Array,
  options: CsvOptions = {},
): AsyncIterable<CsvRow> {
  const declared = options.charset === undefined ? undefined : charsetOf(options.charset);
  const parser = new Parser(PARSE_OPTIONS);
  // A skipped row is pushed into the parser's output where it occurred, so rows and errors keep the file's order.
  parser.on('skip', (error: CsvError, raw?: string) => parser.push({ skipped: error, raw }));
  const feeding = pipeline(Readable.from(decodeChunks(chunksOf(input), declared)), parser);
  // A failure while feeding also fails the iteration below; a consumer that stops early ends the feeding.
  feeding.catch(() => undefined);
  const rows = new RowReader();
  try {
    for await (const parsed of parser as AsyncIterable<ParsedRow>) {
      const row = rows.read(parsed);
      if (row !== undefined) yield row;
    }
  } finally {
    parser.destroy();
  }
  await feeding;
}

/** The same reading as parseCsvRecords over text already in memory (one small file, a single-row upload). */
export function parseCsvText(text: string): CsvRow[] {
  const rows = new RowReader();
  const skipped: ParsedRow[] = [];
  const parsed = parseSync(text, {
    ...PARSE_OPTIONS,
    on_skip: (error: CsvError | undefined, raw: string | undefined) => {
      if (error) skipped.push({ skipped: error, raw });
    },
  }) as unknown as ParsedRow[];
  return [...parsed, ...skipped]
    .map((row) => rows.read(row))
    .filter((row): row is CsvRow => row !== undefined)
    .sort((a, b) => a.line - b.line);
}

type ParsedRow =
  | { record: string[]; raw: string; info: { lines: number } }
  | { skipped: CsvError; raw?: string | undefined };

/** Turns parsed rows into keyed records: the first row is the header, each later row is checked against it. */
class RowReader {
  private header: string[] | undefined;

  read(parsed: ParsedRow): CsvRow | undefined {
    if ('skipped' in parsed) {
      const end = (parsed.skipped as CsvError & { lines?: number }).lines ?? 0;
      const line = Math.max(1, end - newlinesIn(withoutDelimiters(parsed.raw ?? '')));
      return { line, error: `line ${line} cannot be read: ${parsed.skipped.message}` };
    }
    const line = parsed.info.lines - newlinesIn(withoutDelimiters(parsed.raw));
    if (this.header === undefined) {
      this.header = headerNames(parsed.record);
      return undefined;
    }
    if (parsed.record.length !== this.header.length) {
      return {
        line,
        error:
          `line ${line} has ${parsed.record.length} cells but the header has ${this.header.length}; ` +
          'the row is not read (a cell with a comma or a line break must be quoted)',
      };
    }
    const record: Record<string, string> = {};
    this.header.forEach((name, i) => {
      const cell = parsed.record[i];
      if (cell !== undefined && cell !== '') record[name] = cell;
    });
    return { line, record };
  }
}

function headerNames(cells: string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, i) => {
    const name = cell.replace(/^\uFEFF/, '').trim() || `column${i + 1}`;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}#${count}`;
  });
}

function withoutDelimiters(raw: string): string {
  return raw.replace(/^[\r\n]+/, '').replace(/\r?\n$|\r$/, '');
}

function newlinesIn(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}

async function* chunksOf(input: AsyncIterable<Uint8Array> | Uint8Array): AsyncGenerator<Uint8Array> {
  if (!(input instanceof Uint8Array)) {
    yield* input;
    return;
  }
  for (let start = 0; start < input.byteLength; start += SNIFF_BYTES) {
    yield input.subarray(start, start + SNIFF_BYTES);
  }
}

/**
 * Text of a byte stream in the declared charset, or in the one the bytes show: ASCII reads the same in both, so it is
 * passed on while undecided; from the first non-ASCII byte up to SNIFF_BYTES are gathered and tried as UTF-8.
 */
async function* decodeChunks(
  chunks: AsyncIterable<Uint8Array>,
  declared?: CsvCharset,
): AsyncGenerator<string> {
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let offset = 0;
  let pendingFromStart = false;
  const decide = (atEnd: boolean): string => {
    const window = concat(pending);
    const bom = pendingFromStart && hasUtf8Bom(window);
    decoder = new TextDecoder(bom ? 'utf-8' : (declared ?? sniffCharset(window, atEnd)));
    pending = [];
    return decoder.decode(window, { stream: !atEnd });
  };
  for await (const chunk of chunks) {
    if (chunk.byteLength === 0) continue;
    if (decoder !== undefined) {
      const text = decoder.decode(chunk, { stream: true });
      if (text !== '') yield text;
    } else if (pendingBytes === 0 && isAscii(chunk)) {
      yield new TextDecoder('utf-8').decode(chunk);
    } else {
      if (pendingBytes === 0) pendingFromStart = offset === 0;
      pending.push(chunk);
      pendingBytes += chunk.byteLength;
      // A declared charset needs only the first bytes, to see whether a BOM overrides it.
      if (pendingBytes >= (declared === undefined ? SNIFF_BYTES : UTF8_BOM.length)) {
        const text = decide(false);
        if (text !== '') yield text;
      }
    }
    offset += chunk.byteLength;
  }
  const rest = decoder === undefined ? decide(true) : decoder.decode();
  if (rest !== '') yield rest;
}

function sniffCharset(bytes: Uint8Array, atEnd: boolean): CsvCharset {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !atEnd });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return UTF8_BOM.every((b, i) => bytes[i] === b);
}

function isAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return false;
  return true;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.byteLength;
  }
  return joined;
}
