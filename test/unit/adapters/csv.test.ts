/** CSV exports: charset detection (UTF-8, BOM, GB18030/GBK), streaming parse, and rows that cannot be read. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type CsvRow,
  decodeText,
  parseCsvRecords,
  parseCsvText,
  SNIFF_BYTES,
  UnsupportedCharsetError,
} from '../../../adapters/engine/csv.js';

/** GBK (= GB18030 for these) bytes of a few characters, from the GB 2312 code table. */
const GBK: Record<string, number[]> = {
  张: [0xd5, 0xc5],
  伟: [0xce, 0xb0],
  李: [0xc0, 0xee],
  强: [0xc7, 0xbf],
  王: [0xcd, 0xf5],
  某: [0xc4, 0xb3],
  '、': [0xa1, 0xa2],
};
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Text as GBK bytes: ASCII as is, the characters above from the table. */
function gbkBytes(text: string): Uint8Array {
  return Uint8Array.from(
    [...text].flatMap((c) => {
      const bytes = GBK[c] ?? (c.charCodeAt(0) < 0x80 ? [c.charCodeAt(0)] : undefined);
      if (bytes === undefined) throw new Error(`no GBK bytes for ${c} in the test table`);
      return bytes;
    }),
  );
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const withBom = (bytes: Uint8Array): Uint8Array => Uint8Array.from([...UTF8_BOM, ...bytes]);

async function* inChunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.byteLength; start += size) yield bytes.slice(start, start + size);
}

async function collect(rows: AsyncIterable<CsvRow>): Promise<CsvRow[]> {
  const all: CsvRow[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

const example = readFileSync(
  new URL('../../../adapters/police-110/fixtures/sample-call-csv.csv', import.meta.url),
);
const exampleGb18030 = readFileSync(
  new URL('../../../adapters/police-110/fixtures/csv-gb18030.csv', import.meta.url),
);

describe('decodeText', () => {
  it('reads valid UTF-8 as UTF-8', () => {
    expect(decodeText(utf8('张伟,李强'))).toEqual({ text: '张伟,李强', charset: 'utf-8' });
  });

  it('removes a UTF-8 BOM', () => {
    expect(decodeText(withBom(utf8('JJDBH,BJNR')))).toEqual({ text: 'JJDBH,BJNR', charset: 'utf-8' });
  });

  it('reads bytes that are not UTF-8 as GB18030, which covers GBK', () => {
    expect(decodeText(gbkBytes('张伟,李强,王某'))).toEqual({ text: '张伟,李强,王某', charset: 'gb18030' });
  });

  it('reads a GB18030 export written by Python the same as its UTF-8 original', () => {
    expect(decodeText(exampleGb18030)).toEqual({ text: example.toString('utf8'), charset: 'gb18030' });
  });

  it.each(['gbk', 'GB2312', 'gb18030', 'x-gbk', 'cp936'])('honours a declared %s', (charset) => {
    expect(decodeText(gbkBytes('张伟'), charset)).toEqual({ text: '张伟', charset: 'gb18030' });
  });

  it('honours a declared utf-8 even when the bytes are not UTF-8', () => {
    expect(decodeText(gbkBytes('张'), 'utf-8').text).toBe('\uFFFD\uFFFD');
  });

  it('lets a UTF-8 BOM win over a declared GBK', () => {
    expect(decodeText(withBom(utf8('张伟')), 'gbk')).toEqual({ text: '张伟', charset: 'utf-8' });
  });

  it('rejects a charset it cannot read, naming the ones it can', () => {
    expect(() => decodeText(utf8('a'), 'latin1')).toThrow(UnsupportedCharsetError);
    expect(() => decodeText(utf8('a'), 'no-such-charset')).toThrow(/"no-such-charset".*gbk, gb2312, gb18030/);
  });
});

describe('parseCsvRecords', () => {
  it('keys each data row by the header, with its line number', async () => {
    const rows = await collect(parseCsvRecords(example));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      line: 2,
      record: { JJDBH: '3306812024031300456', BJRXM: '王女士', DSR: '李强(330681197907220036)、张伟' },
    });
  });

  it('leaves empty cells out of the record', async () => {
    const [row] = await collect(parseCsvRecords(example));
    expect(row && 'record' in row ? Object.keys(row.record) : []).not.toContain('GLJJDBH');
  });

  it('trims header names and removes a BOM from the first one', async () => {
    const rows = await collect(parseCsvRecords(withBom(utf8(' JJDBH , BJNR\r\n1,甲\r\n'))));
    expect(rows).toEqual([{ line: 2, record: { JJDBH: '1', BJNR: '甲' } }]);
  });

  it('reads a GBK export without a declared charset', async () => {
    const rows = await collect(parseCsvRecords(gbkBytes('JJDBH,DSR\n1,张伟、李强\n2,王某\n')));
    expect(rows).toEqual([
      { line: 2, record: { JJDBH: '1', DSR: '张伟、李强' } },
      { line: 3, record: { JJDBH: '2', DSR: '王某' } },
    ]);
  });

  it('reads the same rows when the bytes arrive a few at a time, characters split across chunks', async () => {
    const whole = await collect(parseCsvRecords(exampleGb18030));
    for (const size of [1, 2, 3, 7, 64]) {
      expect(await collect(parseCsvRecords(inChunks(exampleGb18030, size))), `chunks of ${size}`).toEqual(
        whole,
      );
      expect(
        await collect(parseCsvRecords(inChunks(withBom(example), size))),
        `BOM, chunks of ${size}`,
      ).toEqual(whole);
    }
  });

  it('detects GBK that first appears after more than SNIFF_BYTES of ASCII', async () => {
    const asciiRows = Array.from({ length: Math.ceil(SNIFF_BYTES / 20) + 10 }, (_, i) => `${i},ascii-only\n`);
    const bytes = Uint8Array.from([
      ...gbkBytes(`JJDBH,DSR\n${asciiRows.join('')}`),
      ...gbkBytes('99999,张伟\n'),
    ]);
    const rows = await collect(parseCsvRecords(inChunks(bytes, 4096)));
    expect(rows.at(-1)).toEqual({ line: asciiRows.length + 2, record: { JJDBH: '99999', DSR: '张伟' } });
  });

  it('honours a declared charset', async () => {
    const rows = await collect(parseCsvRecords(gbkBytes('A\n张\n'), { charset: 'gbk' }));
    expect(rows).toEqual([{ line: 2, record: { A: '张' } }]);
  });

  it('reports a ragged row as an error for its line and reads on', async () => {
    const rows = await collect(parseCsvRecords(utf8('A,B,C\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n')));
    expect(rows).toEqual([
      { line: 2, record: { A: '1', B: '2', C: '3' } },
      { line: 3, error: expect.stringContaining('line 3 has 2 cells but the header has 3') },
      { line: 4, error: expect.stringContaining('line 4 has 4 cells but the header has 3') },
      { line: 5, record: { A: '10', B: '11', C: '12' } },
    ]);
  });

  it('counts lines across quoted line breaks and blank lines', async () => {
    const rows = await collect(parseCsvRecords(utf8('A,B\n"x\ny",1\n\n,\nz,2\n')));
    expect(rows).toEqual([
      { line: 2, record: { A: 'x\ny', B: '1' } },
      { line: 6, record: { A: 'z', B: '2' } },
    ]);
  });

  it('reports a quote left open at the end of the file', async () => {
    const rows = await collect(parseCsvRecords(utf8('A,B\n1,2\n3,"open\n')));
    expect(rows).toEqual([
      { line: 2, record: { A: '1', B: '2' } },
      { line: 3, error: expect.stringContaining('Quote Not Closed') },
    ]);
  });

  it('names empty and repeated header columns so that no cell is lost', async () => {
    const rows = await collect(parseCsvRecords(utf8('A,,A\n1,2,3\n')));
    expect(rows).toEqual([{ line: 2, record: { A: '1', column2: '2', 'A#2': '3' } }]);
  });

  it('yields the first rows before it has read the whole input', async () => {
    const row = gbkBytes(`${'1'.repeat(19)},张伟,${'x'.repeat(76)}\n`);
    const chunkCount = 400;
    let pulled = 0;
    async function* slowInput(): AsyncGenerator<Uint8Array> {
      yield utf8('JJDBH,DSR,BJNR\n');
      for (let i = 0; i < chunkCount; i++) {
        pulled += 1;
        yield Uint8Array.from(Array.from({ length: 10 }, () => [...row]).flat());
      }
    }
    let pulledAtFirstRow = -1;
    let count = 0;
    for await (const _row of parseCsvRecords(slowInput())) {
      if (pulledAtFirstRow === -1) pulledAtFirstRow = pulled;
      count += 1;
    }
    expect(count).toBe(chunkCount * 10);
    expect(pulledAtFirstRow).toBeLessThan(chunkCount / 2);
  });

  it('stops reading when the consumer stops', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      yield utf8('A\n');
      for (;;) {
        pulled += 1;
        yield utf8('1\n'.repeat(100));
      }
    }
    for await (const row of parseCsvRecords(endless())) {
      expect(row).toEqual({ line: 2, record: { A: '1' } });
      break;
    }
    const pulledAfterBreak = pulled;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pulled).toBe(pulledAfterBreak);
  });

  it('fails the iteration when the input fails', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield utf8('A\n1\n');
      throw new Error('connection reset');
    }
    await expect(collect(parseCsvRecords(failing()))).rejects.toThrow('connection reset');
  });
});

describe('parseCsvText', () => {
  it('reads text as parseCsvRecords reads its bytes', async () => {
    const text = 'A,B\n1,2\n3\n"x,y",4\n5,"open\n';
    expect(parseCsvText(text)).toEqual(await collect(parseCsvRecords(utf8(text))));
  });
});
