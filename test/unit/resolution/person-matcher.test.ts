import { describe, expect, it } from 'vitest';
import { normalisePersonName } from '../../../functions/resolution/normalise/name.js';
import { normalisePhone } from '../../../functions/resolution/normalise/phone.js';
import {
  normaliseResidentId,
  residentIdChecksum,
} from '../../../functions/resolution/normalise/resident-id.js';
import {
  decidePerson,
  PERSON_MODEL,
  PERSON_THRESHOLDS,
  type PersonProfile,
  profileFrequencyValues,
  profileWithMention,
  scorePersonCandidate,
} from '../../../functions/resolution/person-matcher.js';
import { applyMention, newPerson } from '../../../functions/resolution/person-profile.js';
import type { Location, PartyMention } from '../../../schemas/generated/types.js';

// Builders: a mention as an adapter produces it after protection (full numbers replaced by a blind index).

const anIdNumber = (birth = '19820315', sequence = '001', region = '330681') => {
  const first17 = `${region}${birth}${sequence}`;
  return `${first17}${residentIdChecksum(first17)}`;
};
const maskedLikeCourtDocuments = (id: string) => `${id.slice(0, 6)}********${id.slice(14)}`;

interface MentionSpec {
  name?: string;
  id?: string;
  phones?: string[];
  sex?: 'male' | 'female';
  birthDate?: string;
  address?: Location;
}

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

/** A stored person built from the mentions linked to them. */
function aPerson(id: string, ...mentions: MentionSpec[]): PersonProfile {
  return mentions.reduce<PersonProfile>((p, m) => profileWithMention(p, aMention(m)), {
    id,
    names: [],
    residentIds: [],
    phones: [],
  });
}

const zhangWei = { name: '张伟', id: anIdNumber(), phones: ['13812345678'] };
const village = (code = '330681109290'): Location => ({ divisionCode: code, addressText: '枫源村三组12号' });
const levelOf = (explanation: ReturnType<typeof scorePersonCandidate>, field: string) =>
  explanation.fields.find((f) => f.field === field)?.level;

describe('scorePersonCandidate', () => {
  it('links a homophone with the same ID number', () => {
    const e = scorePersonCandidate(aMention({ name: '张维', id: anIdNumber() }), aPerson('per_1', zhangWei));
    expect(levelOf(e, 'name')).toBe('pinyin');
    expect(levelOf(e, 'residentId')).toBe('exact');
    expect(e.decision).toBe('link');
  });

  it('keeps apart two 张伟 with different ID numbers, whatever else agrees', () => {
    const other = { ...zhangWei, id: anIdNumber('19820315', '013') };
    const e = scorePersonCandidate(aMention(other), aPerson('per_1', zhangWei));
    expect(e.decision).toBe('none');
    expect(e.veto).toMatch(/different verified resident ID numbers/);
  });

  it('proposes review for a surname-only caller sharing a phone: the family landline', () => {
    const family = { ...zhangWei, phones: ['0575-87654321'] };
    const e = scorePersonCandidate(
      aMention({ name: '张先生', phones: ['057587654321'] }),
      aPerson('per_1', family),
    );
    expect(levelOf(e, 'name')).toBe('surname-compatible');
    expect(levelOf(e, 'phone')).toBe('exact-landline');
    expect(e.decision).toBe('review');
  });

  it('proposes review for a surname-only caller on a mobile several stored people give', () => {
    const frequencyOf = (table: string) => (table === 'phone' ? 3 : 0);
    const e = scorePersonCandidate(
      aMention({ name: '张先生', phones: ['13812345678'] }),
      aPerson('per_1', zhangWei),
      {
        frequencyOf,
        population: 100_000,
      },
    );
    expect(e.decision).toBe('review');
  });

  it('links a surname-only caller on the mobile only this person holds, when the honorific fits the sex', () => {
    const e = scorePersonCandidate(
      aMention({ name: '张先生', phones: ['138 1234 5678'] }),
      aPerson('per_1', zhangWei),
    );
    expect(levelOf(e, 'phone')).toBe('exact');
    expect(levelOf(e, 'sex')).toBe('same');
    expect(e.decision).toBe('link');
  });

  it('counts the family landline and the family address once: the daughter is not her father', () => {
    const home = village();
    const father = { name: '张强', phones: ['0575-87654321'], address: home };
    const e = scorePersonCandidate(
      aMention({ name: '张静', phones: ['0575-87654321'], address: home }),
      aPerson('per_1', father),
    );
    expect(e.fields.filter((f) => f.detail?.includes('counted once')).length).toBeGreaterThan(0);
    expect(e.decision).toBe('none');
  });

  it('guesses the sex from a given name when nothing states it, and weighs it less', () => {
    const e = scorePersonCandidate(
      aMention({ name: '张先生', phones: ['13812345678'] }),
      aPerson('per_4', { name: '张丽萍', phones: ['13812345678'] }),
    );
    expect(levelOf(e, 'sex')).toBe('different-likely');
    expect(e.decision).not.toBe('link');
  });

  it('reads the common men’s characters 明, 成, 飞, 德, 祥 as a likely man, and leaves 海, 平, 华 open', () => {
    const sexOf = (name: string) =>
      levelOf(scorePersonCandidate(aMention({ name: '王先生' }), aPerson('per_5', { name })), 'sex');
    for (const name of ['王海明', '王立成', '王鹏飞', '王德胜', '王吉祥'])
      expect(sexOf(name), name).toBe('same-likely');
    for (const name of ['王海平', '王春华']) expect(sexOf(name), name).toBe('missing');
  });

  it('reads the characters operators write by ear for men’s and women’s ones the same way (钢 for 刚, 瑛 for 英)', () => {
    const sexOf = (name: string, caller: string) =>
      levelOf(scorePersonCandidate(aMention({ name: caller }), aPerson('per_6', { name })), 'sex');
    for (const name of ['李春钢', '王海韬', '陈家铭'])
      expect(sexOf(name, '李先生'), name).toBe('same-likely');
    for (const name of ['王秀瑛', '周丽鹃']) expect(sexOf(name, '王女士'), name).toBe('same-likely');
  });

  it('links a full name with the same phone', () => {
    const e = scorePersonCandidate(
      aMention({ name: '张伟', phones: ['+86 13812345678'] }),
      aPerson('per_1', zhangWei),
    );
    expect(e.decision).toBe('link');
  });

  it('links 張偉 in traditional characters with the same birth date', () => {
    const e = scorePersonCandidate(
      aMention({ name: '張偉', birthDate: '1982-03-15' }),
      aPerson('per_1', zhangWei),
    );
    expect(levelOf(e, 'name')).toBe('script-variant');
    expect(levelOf(e, 'birthDate')).toBe('exact');
    expect(e.decision).toBe('link');
  });

  it('does not take the wife calling from her husband’s phone for him', () => {
    const liQiang = { name: '李强', id: anIdNumber('19790722', '003'), phones: ['13905759999'] };
    const e = scorePersonCandidate(
      aMention({ name: '王女士', phones: ['13905759999'] }),
      aPerson('per_2', liQiang),
    );
    expect(e.decision).toBe('none');
  });

  it('weighs against a 女士 on a man’s phone strongly (sex from the ID number)', () => {
    const e = scorePersonCandidate(
      aMention({ name: '张女士', phones: ['13812345678'] }),
      aPerson('per_1', zhangWei),
    );
    expect(levelOf(e, 'sex')).toBe('different');
    expect(e.decision).toBe('none');
  });

  it('never links when birth dates read from ID numbers differ', () => {
    const shownBirth = `${anIdNumber('19790722').slice(0, 14)}****`;
    const e = scorePersonCandidate(
      aMention({ name: '张伟', id: shownBirth, phones: ['13812345678'] }),
      aPerson('per_1', zhangWei),
    );
    expect(e.veto).toMatch(/birth dates from ID numbers differ/);
    expect(e.decision).toBe('none');
  });

  it('takes a masked ID whose shown digits agree as partial evidence: review, and link in the same village', () => {
    const courtParty = { name: '张某某', id: maskedLikeCourtDocuments(anIdNumber()) };
    const stored = aPerson('per_1', { ...zhangWei, address: village() });
    const alone = scorePersonCandidate(aMention(courtParty), stored);
    expect(levelOf(alone, 'residentId')).toBe('partial');
    expect(alone.decision).toBe('review');
    const withVillage = scorePersonCandidate(aMention({ ...courtParty, address: village() }), stored);
    expect(withVillage.decision).toBe('link');
  });

  it('keeps a same-name neighbour in the village to review, not link', () => {
    const neighbour = { divisionCode: '330681109290', addressText: '枫源村三组14号' };
    const e = scorePersonCandidate(
      aMention({ name: '张伟', address: neighbour }),
      aPerson('per_1', { ...zhangWei, address: village() }),
    );
    expect(e.decision).toBe('review');
  });

  it('takes a place known only to the county (a court case) as saying nothing about where the person lives', () => {
    const court = scorePersonCandidate(
      aMention({ name: '赵玉丹', address: { divisionCode: '330681', divisionLevel: 'county' } }),
      aPerson('per_1', { name: '赵玉丹', address: village() }),
    );
    expect(court.fields.find((f) => f.field === 'division')).toMatchObject({ weight: 0 });
    const elsewhere = scorePersonCandidate(
      aMention({ name: '赵玉丹', address: { divisionCode: '330681108002' } }),
      aPerson('per_1', { name: '赵玉丹', address: village() }),
    );
    expect(court.total).toBeGreaterThan(elsewhere.total);
  });

  it('links the same name at the same house', () => {
    const e = scorePersonCandidate(
      aMention({ name: '张伟', address: village() }),
      aPerson('per_1', { ...zhangWei, address: village() }),
    );
    expect(e.decision).toBe('link');
  });

  it('weighs a common name for less than a rare one', () => {
    const population = 1_000_000;
    const frequencyOf = (table: string, value: string) => (table === 'name' && value === '张伟' ? 300 : 1);
    const common = scorePersonCandidate(aMention({ name: '张伟' }), aPerson('per_1', zhangWei), {
      frequencyOf,
      population,
    });
    const rare = scorePersonCandidate(
      aMention({ name: '欧阳娜娜' }),
      aPerson('per_3', { name: '欧阳娜娜' }),
      {
        frequencyOf,
        population,
      },
    );
    const weight = (e: typeof common) => e.fields.find((f) => f.field === 'name')!.weight;
    expect(weight(common)).toBeLessThan(weight(rare) - 4);
  });

  it('down-weights a shop phone many people give, so a name and a shop phone only go to review', () => {
    const frequencyOf = (table: string) => (table === 'phone' ? 40 : 1);
    const e = scorePersonCandidate(
      aMention({ name: '张伟', phones: ['13812345678'] }),
      aPerson('per_1', zhangWei),
      {
        frequencyOf,
        population: 100_000,
      },
    );
    expect(e.fields.find((f) => f.field === 'phone')?.detail).toMatch(/40 stored entities hold this value/);
    expect(e.decision).toBe('review');
  });

  it('explains every field, with 0 for what one side lacks', () => {
    const e = scorePersonCandidate(aMention({ name: '张伟' }), aPerson('per_1', zhangWei));
    expect(e.fields.map((f) => f.field)).toEqual(
      expect.arrayContaining(['residentId', 'phone', 'name', 'birthDate', 'sex', 'division', 'address']),
    );
    expect(e.fields.find((f) => f.field === 'phone')).toEqual({
      field: 'phone',
      level: 'missing',
      weight: 0,
    });
    expect(e.thresholds).toEqual(PERSON_THRESHOLDS);
    expect(e.total).toBeCloseTo(
      e.fields.reduce((s, f) => s + f.weight, 0),
      1,
    );
  });
});

describe('scoring a stored Person entity', () => {
  it('takes the Person the hub keeps (person-profile.ts) as it is', () => {
    const linkedBy = {
      method: 'new-entity',
      decidedBy: 'machine',
      decidedAt: '2024-03-05T01:10:00.000Z',
    } as const;
    const person = applyMention(newPerson('per_1'), {
      sourceId: 'petition',
      sourceRecordId: '330681-2024-000123',
      mention: aMention(zhangWei),
      linkedBy,
    });
    const e = scorePersonCandidate(aMention({ name: '張偉', phones: ['13812345678'] }), person);
    expect(levelOf(e, 'sex')).toBe('same-likely');
    expect(e.decision).toBe('link');
  });
});

describe('decidePerson', () => {
  it('links to the best candidate and reports the others', () => {
    const decision = decidePerson(aMention(zhangWei), [
      aPerson('per_2', { name: '张伟' }),
      aPerson('per_1', zhangWei),
    ]);
    expect(decision).toMatchObject({ outcome: 'link', personId: 'per_1' });
  });

  it('creates a new person when nobody is close', () => {
    const decision = decidePerson(aMention({ name: '李强', phones: ['13905759999'] }), [
      aPerson('per_1', zhangWei),
    ]);
    expect(decision.outcome).toBe('new');
  });

  it('never links a person a steward kept apart from the record', () => {
    const decision = decidePerson(aMention(zhangWei), [aPerson('per_1', zhangWei)], {
      excluded: new Set(['per_1']),
    });
    expect(decision.outcome).toBe('new');
  });

  it('links one of two compatible candidates and names the other as a possible duplicate to merge', () => {
    const decision = decidePerson(aMention({ name: '张伟', phones: ['13812345678'] }), [
      aPerson('per_1', { name: '张伟', phones: ['13812345678'] }),
      aPerson('per_2', { name: '张伟', phones: ['13812345678'] }),
    ]);
    expect(decision.outcome).toBe('link');
    expect(decision.outcome === 'link' && decision.possibleDuplicates.map((c) => c.personId)).toHaveLength(1);
  });

  it('sends two close candidates that cannot be one person to review rather than guessing', () => {
    const decision = decidePerson(aMention({ name: '张伟', phones: ['13812345678'] }), [
      aPerson('per_1', { name: '张伟', id: anIdNumber('19820315', '011'), phones: ['13812345678'] }),
      aPerson('per_2', { name: '张伟', id: anIdNumber('19900101', '013'), phones: ['13812345678'] }),
    ]);
    expect(decision.outcome).toBe('review');
    expect(decision.outcome === 'review' && decision.candidates.map((c) => c.personId).sort()).toEqual([
      'per_1',
      'per_2',
    ]);
  });
});

describe('profileFrequencyValues', () => {
  it('lists the values the store counts per person: name, pinyin, surname, phone, ID', () => {
    const tables = profileFrequencyValues(aPerson('per_1', zhangWei)).map((v) => v.table);
    expect(tables.sort()).toEqual(['name', 'name-pinyin', 'phone', 'resident-id', 'surname']);
  });
});

describe('PERSON_MODEL', () => {
  it('keeps every probability in (0, 1] and explains every level', () => {
    for (const [field, model] of Object.entries(PERSON_MODEL)) {
      for (const [level, p] of Object.entries(model.levels)) {
        expect(p.m, `${field}.${level}`).toBeGreaterThan(0);
        expect(p.u, `${field}.${level}`).toBeGreaterThan(0);
        expect(p.m + p.u, `${field}.${level}`).toBeLessThanOrEqual(2);
        expect(p.why.length, `${field}.${level}`).toBeGreaterThan(3);
      }
    }
  });
});
