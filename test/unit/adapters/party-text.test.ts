/** Parties written as free text (110 DSR, grid mainCharacters): names, IDs in brackets, role notes, groups, noise. */
import { describe, expect, it } from 'vitest';
import type { ClearPartyMention } from '../../../adapters/engine/adapter.js';
import {
  extractParties,
  mergeMentionsByName,
  organizationNameIn,
} from '../../../adapters/engine/party-text.js';

/** The names read, in order (groups as `group:<size>`). */
const namesIn = (text: string): string[] =>
  extractParties(text, 'DSR').map((p) =>
    p.kind === 'group'
      ? `group:${p.groupSize ?? '?'}`
      : (p.name?.normalised ?? `org:${p.organizationName ?? ''}`),
  );

const aCaller = (overrides: Partial<ClearPartyMention> = {}): ClearPartyMention => ({
  kind: 'person',
  roles: ['reporter'],
  primary: true,
  name: { asGiven: '王芳', normalised: '王芳', form: 'full', surname: '王' },
  ...overrides,
});

describe('extractParties', () => {
  it('reads names and the ID number in brackets after one of them', () => {
    const [zhang, li] = extractParties('张伟(330681198203150011)、李强', 'DSR');
    expect(zhang).toEqual({
      kind: 'person',
      roles: ['involved'],
      name: { asGiven: '张伟', normalised: '张伟', form: 'full', surname: '张' },
      residentId: expect.objectContaining({ status: 'valid', value: '330681198203150011' }),
      extractedFrom: 'DSR',
    });
    expect(li).toMatchObject({ name: { normalised: '李强' }, extractedFrom: 'DSR' });
    expect(li?.residentId).toBeUndefined();
  });

  it('reads IDs in full-width brackets, with full-width digits and a lower-case x', () => {
    const [li] = extractParties('李强（３３０６８１１９７９０７２２００３ｘ）', 'mainCharacters');
    expect(li?.residentId).toMatchObject({ status: 'invalid', value: '33068119790722003X' });
    expect(li?.extractedFrom).toBe('mainCharacters');
  });

  it.each([
    ['张伟、李强', ['张伟', '李强']],
    ['张伟,李强', ['张伟', '李强']],
    ['张伟，李强', ['张伟', '李强']],
    ['张伟;李强', ['张伟', '李强']],
    ['张伟；李强', ['张伟', '李强']],
    ['张伟与李强', ['张伟', '李强']],
    ['张伟和李强', ['张伟', '李强']],
    ['张伟 李强', ['张伟', '李强']],
  ])('splits %s at its separator', (text, names) => {
    expect(namesIn(text)).toEqual(names);
  });

  it('keeps a name that holds a joining word or a space whole (张和平, 张 伟)', () => {
    expect(namesIn('张和平、李与同')).toEqual(['张和平', '李与同']);
    expect(namesIn('张 伟')).toEqual(['张伟']);
  });

  it('keeps a bracketed role note as sourceRole and a relation word before a name too', () => {
    const parties = extractParties('张伟（户主）与邻居李强', 'mainCharacters');
    expect(parties.map((p) => [p.name?.normalised, p.sourceRole])).toEqual([
      ['张伟', '户主'],
      ['李强', '邻居'],
    ]);
  });

  it('reads 王某等5人 as the masked person 王某 and a group of 5', () => {
    const [wang, group] = extractParties('王某等5人', 'mainCharacters');
    expect(wang).toMatchObject({ kind: 'person', name: { asGiven: '王某', form: 'masked', surname: '王' } });
    expect(group).toEqual({
      kind: 'group',
      roles: ['involved'],
      groupSize: 5,
      extractedFrom: 'mainCharacters',
    });
  });

  it.each([
    ['张伟、李强等五人', ['张伟', '李强', 'group:5']],
    ['王某某等十余人', ['王某某', 'group:10']],
    ['村民30余人', ['group:30']],
    ['张伟等人', ['张伟', 'group:?']],
    ['李强二人', ['李强']],
  ])('reads the group form %s', (text, names) => {
    expect(namesIn(text)).toEqual(names);
  });

  it.each(['双方', '邻居', '户主', '当事人', '邻居家', '村民', '某男子', '多人', '', '  '])(
    'invents no party from %j',
    (text) => {
      expect(extractParties(text, 'DSR')).toEqual([]);
    },
  );

  it('reads the names around noise and drops the noise', () => {
    expect(namesIn('双方当事人：张伟、李强双方')).toEqual(['张伟', '李强']);
    expect(namesIn('张伟家与李强家')).toEqual(['张伟', '李强']);
  });

  it('reads masked, honorific, traditional and minority names', () => {
    expect(namesIn('张*、王女士、老李、張偉、阿依古丽•买买提')).toEqual([
      '张*',
      '王女士',
      '老李',
      '张伟',
      '阿依古丽·买买提',
    ]);
  });

  it('reads a phone and a sex in brackets onto the person', () => {
    const [li] = extractParties('李强（男，13905758888，村民小组长）', 'DSR');
    expect(li).toMatchObject({
      sex: 'male',
      phones: [{ value: '13905758888' }],
      sourceRole: '村民小组长',
    });
  });

  it('reads an ID number written straight after a name', () => {
    const [zhang] = extractParties('张伟身份证330681198203150011', 'DSR');
    expect(zhang).toMatchObject({ name: { normalised: '张伟' }, residentId: { status: 'valid' } });
  });

  it('reads an organisation named as a party', () => {
    expect(extractParties('诸暨市枫华物业服务有限公司与业主李某', 'DSR')).toMatchObject([
      { kind: 'organization', organizationName: '诸暨市枫华物业服务有限公司' },
      { kind: 'person', name: { asGiven: '李某' }, sourceRole: '业主' },
    ]);
  });

  it('makes one person of a full name written twice, keeping the ID number', () => {
    const parties = extractParties('张伟、李强、张伟(330681198203150011)', 'DSR');
    expect(parties).toHaveLength(2);
    expect(parties[0]?.residentId?.value).toBe('330681198203150011');
  });

  it('keeps two masked names apart even when written alike', () => {
    expect(namesIn('王某、王某')).toEqual(['王某', '王某']);
  });

  it('reads a long text of words that never split into names in reasonable time', () => {
    const text = '报警人称其与邻居和村民及干部 跟同事同去 '.repeat(200);
    const started = performance.now();
    expect(extractParties(text, 'DSR')).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('survives brackets left open or closed too often', () => {
    expect(namesIn('张伟(户主、李强)')).toEqual(['张伟']);
    expect(namesIn('张伟)、李强(')).toEqual(['李强']);
  });
});

describe('mergeMentionsByName', () => {
  it('adds the roles and ID of a free-text mention with the same full name to the stated one', () => {
    const [named] = extractParties('王芳(330681198005120022)', 'DSR');
    const merged = mergeMentionsByName([aCaller()], named ? [named] : []);
    expect(merged).toEqual([
      {
        ...aCaller(),
        roles: ['reporter', 'involved'],
        residentId: expect.objectContaining({ value: '330681198005120022' }),
      },
    ]);
  });

  it('keeps people apart when only a surname form or a masked name matches', () => {
    const caller = aCaller({
      name: { asGiven: '王女士', normalised: '王女士', form: 'surname-only', surname: '王' },
    });
    expect(mergeMentionsByName([caller], extractParties('王女士、王某', 'DSR'))).toHaveLength(3);
  });

  it('keeps people apart when their ID numbers differ', () => {
    const caller = aCaller({ residentId: { status: 'valid', value: '330681198203150011', masked: 'x' } });
    expect(mergeMentionsByName([caller], extractParties('王芳(330681198005120022)', 'DSR'))).toHaveLength(2);
  });

  it('does not change the mentions it was given', () => {
    const caller = aCaller();
    mergeMentionsByName([caller], extractParties('王芳', 'DSR'));
    expect(caller.roles).toEqual(['reporter']);
  });
});

describe('organizationNameIn', () => {
  it('reads names ending like an organisation, and nothing shorter than four characters', () => {
    expect(organizationNameIn('枫桥镇人民政府')).toBe('枫桥镇人民政府');
    expect(organizationNameIn('某公司')).toBeUndefined();
    expect(organizationNameIn('张伟')).toBeUndefined();
  });
});
