/**
 * When a steward merges two disputes, the parties each side knew may be one person stored twice: 郑先生, who called
 * 12345, and 郑立华, whom the 110 officer listed, were each a party of a dispute of their own until the steward said the
 * disputes were one. The machine did not weigh them against each other then; it does now, and proposes the pairs that
 * fit to the steward, with the evidence, rather than deciding itself (a merge of disputes is a steward's judgement, and
 * what follows from it stays theirs).
 */
import { explainMatch, type MatchExplanation, weighObservation } from './match-weights.js';
import { sideOf } from './party-sides.js';
import {
  conflictBetween,
  type MentionForMatching,
  PERSON_MODEL,
  PERSON_THRESHOLDS,
  scorePersonCandidate,
} from './person-matcher.js';
import { namedTogether, nameLevel, ONE_FULL_NAME, onlyPartOfName } from './resolve-report.js';
import { keptApart, matchProfile, type StoredDispute, type StoredPerson } from './stored-entities.js';

export interface PartyPairInDoubt {
  left: StoredPerson;
  right: StoredPerson;
  explanation: MatchExplanation;
}

type Party = { person: StoredPerson; roles: StoredDispute['parties'][number]['roles'] };

/** A stored person as a mention of themselves: a full name if they have one, and every identifier and place they hold. */
function asMention(person: StoredPerson): MentionForMatching {
  const profile = matchProfile(person);
  const name = profile.names.find((n) => n.form === 'full') ?? profile.names[0];
  return {
    kind: 'person',
    roles: ['involved'],
    ...(name ? { name } : {}),
    ...(profile.residentIds[0] ? { residentId: profile.residentIds[0] } : {}),
    ...(profile.phones.length ? { phones: profile.phones } : {}),
    ...(profile.addresses?.length ? { addresses: profile.addresses } : {}),
    ...(profile.sex ? { sex: profile.sex } : {}),
  };
}

/**
 * Pairs of one party from each merged dispute that may be one person: one surname, one of them known by part of the
 * name only (or the two full names alike), never named side by side in one record, not on opposite sides, nothing
 * telling them apart, and scoring at least the review threshold as parties of one quarrel.
 */
export function partyPairsInDoubt(one: readonly Party[], other: readonly Party[]): PartyPairInDoubt[] {
  const pairs: PartyPairInDoubt[] = [];
  for (const a of other) {
    for (const b of one) {
      const [p, q] = [a.person, b.person];
      if (p.id === q.id || keptApart(p, q) || namedTogether(p, q)) continue;
      const surnames = new Set(p.names.map((n) => n.surname).filter(Boolean));
      if (!q.names.some((n) => n.surname && surnames.has(n.surname))) continue;
      const sides = [sideOf(a.roles), sideOf(b.roles)];
      if (sides[0] && sides[1] && sides[0] !== sides[1]) continue;
      if (conflictBetween(matchProfile(p), matchProfile(q)) !== undefined) continue;
      const partial = onlyPartOfName(p.names) || onlyPartOfName(q.names);
      const base = scorePersonCandidate(asMention(p), matchProfile(q));
      if (!partial && !ONE_FULL_NAME.has(nameLevel(base) ?? '')) continue;
      const context = weighObservation(
        PERSON_MODEL,
        {
          field: 'dispute',
          level: partial ? 'party-surname-only' : 'party',
          detail: 'parties of two disputes a steward merged',
        },
        {},
      );
      const explanation = explainMatch([...base.fields, context], PERSON_THRESHOLDS, base.veto);
      if (explanation.decision !== 'none') pairs.push({ left: p, right: q, explanation });
    }
  }
  return pairs;
}
