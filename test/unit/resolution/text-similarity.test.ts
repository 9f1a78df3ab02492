import { describe, expect, it } from 'vitest';
import {
  chineseNumeralsToDigits,
  narrativeBigrams,
  narrativeRuns,
  narrativeSimilarity,
} from '../../../functions/resolution/text-similarity.js';

/** Narratives as the channels write them about one matter and about others. */
const drain = {
  grid: '张伟反映邻居李强家新修围墙堵塞了共用排水沟，雨天积水倒灌进张家院子，双方多次争吵。',
  hotline:
    '来电人反映诸暨市枫桥镇枫源村3组邻居李某新建围墙把两家共用的排水沟堵了，下雨水进院子，要求相关部门协调处理。',
  court: '申请人与被申请人系邻居，因被申请人修建围墙堵塞共用排水沟引发纠纷。',
};
const debt = '张伟反映2023年借给邻居李强5万元，约定年底归还，至今未还，多次催讨无果，要求协调。';
const noise = '来电人反映楼上住户每天深夜装修噪音扰民，影响休息，要求相关部门处理。';
const parties = ['张伟', '李强', '李某'];

describe('narrativeRuns', () => {
  it('cuts out channel boilerplate and function words', () => {
    const runs = narrativeRuns('来电人反映邻居的围墙堵了排水沟，要求相关部门协调处理。');
    expect(runs).toEqual(['邻居', '围墙堵', '排水沟']);
  });

  it('cuts out the names it is told to ignore', () => {
    expect(narrativeRuns('张伟与李强吵架', { ignore: ['张伟', '李强'] })).toEqual(['吵架']);
  });

  it('reads traditional characters as simplified', () => {
    expect(narrativeRuns('鄰居圍牆')).toEqual(['邻居围墙']);
  });
});

describe('chineseNumeralsToDigits', () => {
  it('writes numerals before an address counter as digits', () => {
    expect(chineseNumeralsToDigits('枫源村三组十二号二十三幢')).toBe('枫源村3组12号23幢');
  });

  it('leaves numerals that are part of words alone', () => {
    expect(chineseNumeralsToDigits('三番五次')).toBe('三番五次');
  });
});

describe('narrativeBigrams', () => {
  it('counts a house number as one unit', () => {
    expect([...narrativeBigrams('12号').keys()]).toEqual(['12号']);
  });
});

describe('narrativeSimilarity', () => {
  it('finds two channels telling the same drain quarrel similar', () => {
    const s = narrativeSimilarity(drain.grid, drain.hotline, { ignore: parties });
    expect(s.cosine).toBeGreaterThan(0.2);
    expect(s.shared).toContain('排水');
  });

  it('finds the court summary of the quarrel similar too', () => {
    expect(narrativeSimilarity(drain.court, drain.hotline).cosine).toBeGreaterThan(0.3);
  });

  it('keeps the same neighbours’ debt apart from their drain quarrel', () => {
    expect(narrativeSimilarity(drain.grid, debt, { ignore: parties }).cosine).toBeLessThan(0.1);
  });

  it('finds an unrelated complaint sharing only boilerplate unrelated', () => {
    expect(narrativeSimilarity(drain.hotline, noise).cosine).toBeLessThan(0.05);
  });

  it('gives 0 for an empty text and 1 for the same text', () => {
    expect(narrativeSimilarity('', drain.grid).cosine).toBe(0);
    expect(narrativeSimilarity(drain.grid, drain.grid).cosine).toBe(1);
  });
});
