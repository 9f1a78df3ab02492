/**
 * The parties of two disputes a steward merges that may be one person (functions/resolution/merged-dispute-parties.ts).
 */
import { describe, expect, it } from 'vitest';
import { partyPairsInDoubt } from '../../../functions/resolution/merged-dispute-parties.js';
import { normalisePersonName } from '../../../functions/resolution/normalise/name.js';
import { applyMention, newPerson } from '../../../functions/resolution/person-profile.js';
import type { StoredPerson } from '../../../functions/resolution/stored-entities.js';
import type { PartyRole } from '../../../schemas/generated/types.js';

const linkedBy = {
  method: 'new-entity',
  decidedBy: 'machine',
  decidedAt: '2024-05-01T00:00:00.000Z',
} as const;

/** A person known from one record: a name, in 东升村 (330681120240). */
function aParty(id: string, name: string, record: string, roles: PartyRole[] = ['complainant']) {
  const person: StoredPerson = applyMention(newPerson(id), {
    sourceId: 'grid',
    sourceRecordId: record,
    mention: {
      kind: 'person',
      roles,
      name: normalisePersonName(name)!,
      addresses: [{ divisionCode: '330681120240', divisionLevel: 'village', addressText: '东升村' }],
    },
    linkedBy,
  });
  return { person, roles };
}

describe('partyPairsInDoubt', () => {
  it('pairs a party known as 郑先生 with the 郑立华 of the other dispute, on the same side', () => {
    const pairs = partyPairsInDoubt([aParty('per_b', '郑立华', 'r2')], [aParty('per_a', '郑先生', 'r1')]);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]!.left.id).toBe('per_a');
    expect(pairs[0]!.right.id).toBe('per_b');
    expect(pairs[0]!.explanation.decision).not.toBe('none');
    expect(pairs[0]!.explanation.fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'dispute', level: 'party-surname-only' })]),
    );
  });

  it('does not pair the two sides of a quarrel, two people named in one record, or two different full names', () => {
    const complained = aParty('per_b', '郑立华', 'r2', ['respondent']);
    expect(partyPairsInDoubt([complained], [aParty('per_a', '郑先生', 'r1')])).toEqual([]);
    expect(partyPairsInDoubt([aParty('per_b', '郑立华', 'r1')], [aParty('per_a', '郑先生', 'r1')])).toEqual(
      [],
    );
    expect(partyPairsInDoubt([aParty('per_b', '郑立华', 'r2')], [aParty('per_a', '郑海华', 'r1')])).toEqual(
      [],
    );
    expect(partyPairsInDoubt([aParty('per_b', '郑立华', 'r2')], [aParty('per_a', '王先生', 'r1')])).toEqual(
      [],
    );
  });

  it('pairs one full name written twice, and a person with itself never', () => {
    const a = aParty('per_a', '郑立华', 'r1');
    expect(partyPairsInDoubt([aParty('per_b', '郑立华', 'r2')], [a])).toHaveLength(1);
    expect(partyPairsInDoubt([a], [a])).toEqual([]);
  });
});
