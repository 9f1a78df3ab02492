/** A deterministic generator of 110 dispatch rows as a CSV export (the columns of police-110.md). */
const header =
  'JJDBH,GLJJDBH,XZQHBH,BJSJ,BJDH,BJRXM,BJRXB,LXDH,S_IDENTITYCARDNO,SFDZ,BJNR,BCJJNR,BJLB,BJLX,BJXL,ZDDWX,ZDDWY,JQJB,GXDWBH,GXDWMC,CJJG,CJSJ,CJQK,DSR';

const surnames = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const villages = ['枫源村', '栎桥村', '新择村', '钟瑛村', '丁家村', '杜黄新村'];
const kinds: Array<[string, string, string, string]> = [
  ['200200', '200200', '200201', '报警人称与邻居因排水沟问题发生争吵'],
  ['200200', '200200', '200202', '报警人称家庭成员因赡养问题发生争执'],
  ['200200', '200200', '200204', '报警人称老板拖欠工资两个月'],
  ['200100', '200100', '200100', '报警人称有人在村口打架'],
  ['200200', '200200', '200206', '报警人称物业停水与物业人员发生争执'],
];
const results = ['现场调解', '移交调解', '批评教育', '移交12345', ''];

/** A small deterministic PRNG (mulberry32), so the same seed gives the same file. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function* police110CsvLines(rows: number, seed = 110): Iterable<string> {
  const next = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  yield header;
  for (let i = 0; i < rows; i++) {
    const day = 1 + (i % 28);
    const time = `202403${String(day).padStart(2, '0')}${String(8 + (i % 12)).padStart(2, '0')}${String(i % 60).padStart(2, '0')}00`;
    const phone = `139${String(10_000_000 + Math.floor(next() * 89_999_999)).slice(0, 8)}`;
    const caller = `${pick([...surnames])}${pick(['先生', '女士'])}`;
    const [bjlb, bjlx, bjxl, content] = pick(kinds);
    const village = pick(villages);
    const result = pick(results);
    const parties = `${pick([...surnames])}${pick(['伟', '强', '芳', '军', '丽'])}、${pick([...surnames])}${pick(['明', '华', '红', '勇'])}`;
    const id = `330681${time.slice(0, 8)}${String(i).padStart(5, '0')}`;
    yield [
      id,
      '',
      '330681',
      time,
      phone,
      caller,
      caller.endsWith('女士') ? '2' : '1',
      phone,
      '',
      `诸暨市枫桥镇${village}${1 + (i % 9)}组`,
      content,
      '',
      bjlb,
      bjlx,
      bjxl,
      '120.32',
      '29.65',
      '3',
      '330681560000',
      '枫桥派出所',
      result,
      result ? `${time.slice(0, 10)}3000` : '',
      result ? '民警到场处置' : '',
      parties,
    ].join(',');
  }
}
