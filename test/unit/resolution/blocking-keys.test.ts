import { describe, expect, it } from 'vitest';
import {
  BLOCK_CAPS,
  type BlockingKey,
  candidatesFromBlocks,
  disputeBlockingKeys,
  personBlockingKeys,
  planBlock,
  profileBlockingKeys,
} from '../../../functions/resolution/blocking-keys.js';
import { normalisePersonName } from '../../../functions/resolution/normalise/name.js';
import { normalisePhone } from '../../../functions/resolution/normalise/phone.js';
import {
  normaliseResidentId,
  residentIdChecksum,
} from '../../../functions/resolution/normalise/resident-id.js';
import { profileWithMention } from '../../../functions/resolution/person-matcher.js';
import type { Location, PartyMention, Report } from '../../../schemas/generated/types.js';

const anIdNumber = (birth = '19820315', sequence = '001') => {
  const first17 = `330681${birth}${sequence}`;
  return `${first17}${residentIdChecksum(first17)}`;
};

interface MentionSpec {
  name?: string;
  id?: string;
  phones?: string[];
  sex?: 'male' | 'female';
  birthDate?: string;
  address?: Location;
}

/** A mention after protection: full numbers replaced by a stand-in blind index. */
function aMention(spec: MentionSpec = {}): PartyMention {
  const name = spec.name ? normalisePersonName(spec.name) : undefined;
  return {
    kind: 'person',
    roles: ['reporter'],
    ...(name ? { name } : {}),
    ...(spec.id ? { residentId: protect(normaliseResidentId(spec.id)!, 'rid') } : {}),
    ...(spec.phones ? { phones: spec.phones.map((p) => protect(normalisePhone(p)!, 'phone')) } : {}),
    ...(spec.sex ? { sex: spec.sex } : {}),
    ...(spec.birthDate ? { birthDate: spec.birthDate } : {}),
    ...(spec.address ? { addresses: [spec.address] } : {}),
  };
}

/** What protection does before a report is stored: a full number becomes its blind index (here a readable stand-in). */
function protect<T extends { value?: string; status?: string }>(clear: T, kind: string): Omit<T, 'value'> {
  const { value, ...rest } = clear;
  return value && clear.status !== 'masked' ? { ...rest, blindIndex: `${kind}(${value})` } : rest;
}

const keysOf = (mention: PartyMention) => personBlockingKeys(mention).map((k) => k.key);
const shareAKey = (a: PartyMention, b: PartyMention) => keysOf(a).some((k) => keysOf(b).includes(k));

describe('personBlockingKeys', () => {
  it('keys a mention by its blind-indexed ID number and phones', () => {
    const keys = keysOf(aMention({ name: '张伟', id: anIdNumber(), phones: ['13812345678'] }));
    expect(keys).toContain(`rid:rid(${anIdNumber()})`);
    expect(keys).toContain('phone:phone(13812345678)');
  });

  it('never puts a clear ID number or phone into a key', () => {
    const keys = keysOf(aMention({ name: '张伟', id: anIdNumber(), phones: ['13812345678'] })).join(' ');
    expect(keys).not.toMatch(new RegExp(`:${anIdNumber()}`));
    expect(keys).not.toMatch(/:13812345678/);
  });

  it('keys a full name by pinyin with the birth year, so homophones and traditional forms meet', () => {
    const zhangWei = aMention({ name: '张伟', id: anIdNumber() });
    expect(keysOf(zhangWei)).toContain('name-birthyear:zhangwei:1982');
    expect(shareAKey(zhangWei, aMention({ name: '張偉', birthDate: '1982-07-01' }))).toBe(true);
    expect(shareAKey(zhangWei, aMention({ name: '张维', birthDate: '1982-07-01' }))).toBe(true);
  });

  it('keys a full name by pinyin with the 9-digit town of an address', () => {
    const keys = keysOf(aMention({ name: '张伟', address: { divisionCode: '330681109290' } }));
    expect(keys).toContain('name-division:zhangwei:330681109');
  });

  it('keys a masked phone by surname and the digits it shows, and finds the full number with it', () => {
    const masked = aMention({ name: '张先生', phones: ['138****5678'] });
    expect(keysOf(masked)).toContain('surname-phone-tail:zhang:138:5678');
    expect(shareAKey(masked, aMention({ name: '张伟', phones: ['13812345678'] }))).toBe(true);
  });

  it('keys a masked ID number by surname, region and last digits, and finds the full number with it', () => {
    const full = anIdNumber();
    const courtParty = aMention({ name: '张某某', id: `${full.slice(0, 6)}********${full.slice(14)}` });
    expect(shareAKey(courtParty, aMention({ name: '张伟', id: full }))).toBe(true);
  });

  it('gives a surname-only caller without identifiers no key: too little to find anyone by', () => {
    expect(keysOf(aMention({ name: '张先生' }))).toEqual([]);
  });

  it('ignores service numbers such as 12345', () => {
    expect(keysOf(aMention({ name: '张先生', phones: ['12345'] }))).toEqual([]);
  });

  it('keys Latin names FEBRL-style, so a swapped given name and surname still meet', () => {
    const latin = (given: string, surname: string): PartyMention => ({
      kind: 'person',
      roles: ['involved'],
      name: { asGiven: `${given} ${surname}`, normalised: `${given} ${surname}`, form: 'full', surname },
      birthDate: '1956-04-09',
      addresses: [{ addressText: '7 wallaby place, cleveland sa 2119' }],
    });
    const keys = keysOf(latin('mitchell', 'green'));
    expect(keys).toEqual(
      expect.arrayContaining([
        'latin-names:G650:M324',
        'latin-name-year:G650:1956',
        'latin-name-postcode:M324:2119',
      ]),
    );
    expect(shareAKey(latin('mitchell', 'green'), latin('green', 'mitchel'))).toBe(true);
  });

  it('keys a birth date with the place, whatever the name', () => {
    const keys = keysOf(
      aMention({ name: '张伟', birthDate: '1982-03-15', address: { divisionCode: '330681109290' } }),
    );
    expect(keys).toContain('birthdate-place:19820315:330681109');
  });

  it('caps every key by its kind', () => {
    for (const key of personBlockingKeys(
      aMention({ name: '张伟', id: anIdNumber(), phones: ['13812345678'] }),
    )) {
      expect(key.cap).toBe(BLOCK_CAPS[key.kind]);
    }
  });
});

describe('profileBlockingKeys', () => {
  it('crosses values from different records: a name from one, the birth year from another’s ID number', () => {
    const profile = [aMention({ name: '张先生', id: anIdNumber() }), aMention({ name: '张伟' })].reduce(
      profileWithMention,
      { id: 'per_1', names: [], residentIds: [], phones: [] },
    );
    expect(profileBlockingKeys(profile).map((k) => k.key)).toContain('name-birthyear:zhangwei:1982');
  });

  it('finds the 李光龙 a grid worker wrote down in his village by the court case that places him only at the county', () => {
    const village = { divisionCode: '330681115002' };
    const stored = profileWithMention(
      { id: 'per_1', names: [], residentIds: [], phones: [] },
      aMention({ name: '李光龙', address: village }),
    );
    const court = aMention({
      name: '李光龙',
      id: anIdNumber('19420101'),
      address: { divisionCode: '330681' },
    });
    const indexed = profileBlockingKeys(stored).map((k) => k.key);
    expect(indexed).toContain('name-county:liguanglong:330681');
    expect(keysOf(court).filter((k) => indexed.includes(k))).toEqual(['name-county:liguanglong:330681']);
    // A mention placed in a town looks up its town, not the whole county.
    expect(keysOf(aMention({ name: '李光龙', address: village }))).not.toContain(
      'name-county:liguanglong:330681',
    );
  });
});

describe('planBlock', () => {
  const shopPhone: BlockingKey = { key: 'phone:shop', kind: 'phone', cap: 30 };

  it('compares a whole block within its cap', () => {
    expect(planBlock(shopPhone, 3)).toMatchObject({ compare: 3, oversized: false, downWeight: 'none' });
  });

  it('compares only the cap’s worth of an oversized block and down-weights agreement through frequency', () => {
    expect(planBlock(shopPhone, 400)).toMatchObject({
      compare: 30,
      oversized: true,
      downWeight: 'frequency',
    });
  });
});

describe('candidatesFromBlocks', () => {
  it('reads each block up to its plan, without repeats', () => {
    const phone: BlockingKey = { key: 'phone:x', kind: 'phone', cap: 2 };
    const name: BlockingKey = { key: 'name-birthyear:zhangwei:1982', kind: 'name-birthyear', cap: 50 };
    const candidates = candidatesFromBlocks([
      { plan: planBlock(phone, 4), entityIds: ['per_1', 'per_2', 'per_3', 'per_4'] },
      { plan: planBlock(name, 2), entityIds: ['per_2', 'per_9'] },
    ]);
    expect(candidates).toEqual(['per_1', 'per_2', 'per_9']);
  });
});

describe('disputeBlockingKeys', () => {
  const aReport = (overrides: Partial<Report> = {}): Report => ({
    sourceId: 'hotline-12345',
    sourceRecordId: 'F20240306000381',
    referenceNumbers: ['ZJ2403060381'],
    channel: 'hotline-12345',
    reportedAt: '2024-03-06T10:02:00+08:00',
    narrative: '邻居围墙堵塞排水沟',
    category: { code: '邻里', sourceValue: '社会治安 / 邻里纠纷' },
    status: { code: 'assigned', sourceValue: '已派单' },
    steps: [],
    parties: [],
    links: [{ kind: 'police-call', field: 'linked110', value: '3306812024031300456' }],
    location: { divisionCode: '330681109290' },
    ...overrides,
  });

  it('keys a report by its own numbers, the numbers it quotes and its resolved parties', () => {
    const { index } = disputeBlockingKeys(aReport(), ['per_1', null]);
    expect(index.map((k) => k.key)).toEqual(
      expect.arrayContaining([
        'ref:F20240306000381',
        'ref:ZJ2403060381',
        'ref:3306812024031300456',
        'party:per_1',
        'place-month:330681109290:2024-03',
      ]),
    );
  });

  it('looks a report up in its village for the months around it: one dispute spreads over weeks', () => {
    const { query } = disputeBlockingKeys(aReport(), []);
    expect(query.filter((k) => k.kind === 'dispute-place-month').map((k) => k.key)).toEqual([
      'place-month:330681109290:2024-01',
      'place-month:330681109290:2024-02',
      'place-month:330681109290:2024-03',
      'place-month:330681109290:2024-04',
    ]);
  });

  it('looks a court case placed only at its county up by its parties’ names in the county', () => {
    const party = (name: string): Report['parties'][number] => ({
      kind: 'person',
      roles: ['plaintiff'],
      name: normalisePersonName(name)!,
    });
    const village = disputeBlockingKeys(aReport({ parties: [party('李光龙')] }), [null]);
    const court = disputeBlockingKeys(
      aReport({ channel: 'court', location: { divisionCode: '330681' }, parties: [party('李光龙')] }),
      [null],
    );
    expect(village.index.map((k) => k.key)).toContain('party-name-county:330681:liguanglong');
    expect(village.query.map((k) => k.key)).not.toContain('party-name-county:330681:liguanglong');
    expect(court.query.map((k) => k.key)).toContain('party-name-county:330681:liguanglong');
  });

  it('falls back to the town when the record names no village', () => {
    const { query } = disputeBlockingKeys(aReport({ location: { divisionCode: '330681109' } }), []);
    expect(query.map((k) => k.key)).toContain('town-month:330681109:2024-03');
  });
});
