import { describe, expect, it } from 'vitest';
import { validateAgainst } from '../../../functions/ingest/validate.js';
import { normalisePersonName } from '../../../functions/resolution/normalise/name.js';
import { applyMention, newPerson } from '../../../functions/resolution/person-profile.js';
import { publicPerson } from '../../../functions/resolution/stored-entities.js';
import type { PartyMention } from '../../../schemas/generated/types.js';

const mention = (name: string, extra: Partial<PartyMention> = {}): PartyMention => ({
  kind: 'person',
  roles: ['involved'],
  name: normalisePersonName(name)!,
  ...extra,
});
const link = (sourceId: string, mentionOf: PartyMention, id = `${sourceId}-1`) => ({
  sourceId,
  sourceRecordId: id,
  mention: mentionOf,
  linkedBy: {
    method: 'new-entity' as const,
    decidedBy: 'machine' as const,
    decidedAt: '2024-03-06T00:00:00Z',
  },
});

describe('a person’s golden record', () => {
  it('takes the name a court gives over a later grid worker’s spelling', () => {
    let person = applyMention(newPerson('per_1'), link('court', mention('王晓明')));
    person = applyMention(person, link('grid', mention('王小明')));
    expect(person.name).toBe('王晓明');
    expect(person.conflicts).toContainEqual({ attribute: 'name', values: ['王晓明', '王小明'] });
  });

  it('prefers a full name to 王先生 whatever the source, and the most recent among equals', () => {
    let person = applyMention(newPerson('per_1'), link('court', mention('王先生')));
    person = applyMention(person, link('grid', mention('王小明')));
    expect(person.name).toBe('王小明');
    person = applyMention(person, link('grid', mention('王晓明'), 'grid-2'));
    expect(person.name).toBe('王晓明');
  });

  it('keeps the stated sex when no ID number gives one, and flags two stated birth dates', () => {
    let person = applyMention(
      newPerson('per_1'),
      link('petition', mention('王晓明', { sex: 'male', birthDate: '1980-02-03' })),
    );
    person = applyMention(person, link('court', mention('王晓明', { birthDate: '1980-03-02' })));
    expect(person.sex).toBe('male');
    expect(person.conflicts).toContainEqual({ attribute: 'birthDate', values: ['1980-02-03', '1980-03-02'] });
    // What matching keeps never leaves the hub, and what does is a valid Person.
    const shown = publicPerson({ ...person, version: 1 });
    expect(shown).not.toHaveProperty('nameSources');
    expect(validateAgainst('person', shown)).toEqual([]);
  });
});
