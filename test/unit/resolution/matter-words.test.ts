import { describe, expect, it } from 'vitest';
import { mattersNamed, otherMatter, sameMatter } from '../../../functions/resolution/matter-words.js';

describe('mattersNamed', () => {
  it('reads the subject of an account from the words channels use for it', () => {
    expect([...mattersNamed('报警人称楼上邻居深夜噪音扰民，上楼理论时发生争吵')]).toEqual(['噪音']);
    expect([...mattersNamed('来电人反映楼上邻居卫生间漏水到其家中')]).toEqual(['漏水']);
    expect([...mattersNamed('申请人与被申请人系邻居，因被申请人修建围墙堵塞共用排水沟引发纠纷。')]).toEqual([
      '排水',
    ]);
    expect(mattersNamed('报警人称与邻居发生纠纷').size).toBe(0);
  });
});

describe('otherMatter', () => {
  it('tells the leak upstairs from the noise upstairs', () => {
    expect(
      otherMatter('来电人反映楼上邻居王先生家卫生间漏水到其家中', [
        '报警人称楼上邻居深夜噪音扰民',
        '反映楼上住户长期深夜制造噪音',
      ]),
    ).toEqual({ own: ['漏水'], theirs: ['噪音'] });
  });

  it('says nothing when either side names no subject, or one report shares it', () => {
    expect(otherMatter('报警人称与邻居发生争吵', ['报警人称楼上邻居深夜噪音扰民'])).toBeUndefined();
    expect(otherMatter('楼上漏水', ['双方多次争吵'])).toBeUndefined();
    expect(otherMatter('楼上漏水', ['深夜噪音', '卫生间渗水'])).toBeUndefined();
  });
});

describe('sameMatter', () => {
  it('finds the subject a court’s legal prose shares with a 110 note', () => {
    expect(
      sameMatter('申请人与被申请人系上下楼邻居，因噪音问题长期不睦。', ['报警人称楼上邻居深夜噪音扰民']),
    ).toEqual(['噪音']);
    expect(
      sameMatter('申请人与被申请人系邻居，因漏水问题发生纠纷。', ['报警人称楼上邻居深夜噪音扰民']),
    ).toEqual([]);
  });
});
