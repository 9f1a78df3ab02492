/**
 * Scores a party mention against a stored person (Fellegi–Sunter, per-field levels → bits) and decides: link to the
 * best candidate, propose candidates for review, or create a new person. Pure: candidates, frequencies and thresholds
 * come in; the store and the ingest pipeline do the reading and writing.
 *
 * Hard rules, whatever the score: two verified resident ID numbers that differ are two people; birth dates read from
 * ID numbers that differ are two people; a candidate the steward has kept apart from this record is never linked.
 */
import type {
  Location,
  OtherId,
  PartyMention,
  PersonName,
  Phone,
  ResidentId,
} from '../../schemas/generated/types.js';
import {
  compareAddressText,
  compareBirthDates,
  compareDivisions,
  compareLatinNames,
  compareNames,
  compareOtherIds,
  comparePhones,
  compareResidentIds,
  compareSex,
  isHanName,
  latinNameParts,
  likelySexOfName,
  pinyinOf,
  postcodeOf,
  sexOfHonorific,
} from './comparators.js';
import {
  explainMatch,
  type FieldEvidence,
  type FrequencyContext,
  type MatchExplanation,
  type MatchModel,
  MISSING,
  type Observation,
  type Thresholds,
  weighObservation,
} from './match-weights.js';

/**
 * What the matcher needs of a stored person: the Person entity's collected values (a `Person` is one), plus values the
 * entity does not keep yet — other schemes' identifiers and birth dates a source stated directly. `value` on an other
 * ID exists only in an evaluation holding clear values; in the hub only the blind index is there.
 */
export interface PersonProfile {
  id: string;
  names: PersonName[];
  residentIds: ResidentId[];
  phones: Phone[];
  addresses?: Location[];
  sex?: 'male' | 'female';
  /** Birth date read from the person's ID numbers (Person.birthDate). */
  birthDate?: string;
  /** Birth dates sources stated directly. */
  birthDates?: string[];
  otherIds?: Array<OtherId & { value?: string }>;
}

/** Evaluation view of a mention: an other ID may carry its clear value (never in the hub). */
export type MentionForMatching = Omit<PartyMention, 'otherIds'> & {
  otherIds?: Array<OtherId & { value?: string }>;
};

/** Frequency tables the matcher asks `frequencyOf` about; the store keeps a count of entities per value in each. */
export const PERSON_FREQUENCY_TABLES = {
  /** Normalised full Chinese name → persons with it. */
  name: 'name',
  /** Toneless pinyin of a full Chinese name → persons with a name that reads so. */
  namePinyin: 'name-pinyin',
  /** Chinese surname → persons with it. */
  surname: 'surname',
  /** Phone blind index → persons holding it. */
  phone: 'phone',
  /** Resident ID blind index → persons holding it. */
  residentId: 'resident-id',
  /** `<scheme>:<blind index>` → persons holding it. */
  otherId: 'other-id',
  /** Latin given name, lower case → persons. */
  givenName: 'given-name',
  /** Latin surname, lower case → persons. */
  latinSurname: 'latin-surname',
  /** Postcode of a Latin address → persons. */
  postcode: 'postcode',
} as const;

const t = PERSON_FREQUENCY_TABLES;

/**
 * The person model: m and u per field and level; the weight is log2(m/u) bits.
 *
 * Two sources of numbers:
 * - Fields of the Chinese sources (ID number, phone, Chinese name, division, address, sex) are set from how the
 *   sources record people (operators type names by ear, court documents mask, households share a phone). Their u is
 *   "another person that a blocking key brings in" (same name and birth year, same phone, …), deliberately higher
 *   than the population's, so that no single non-identifier field links on its own.
 * - Latin-name, birth-date, postcode, street and other-ID fields were fitted on FEBRL 3 (`npx tsx
 *   bench/quality/febrl.ts --rates`): m on the true pairs that share a blocking key, u on 300,000 random pairs of
 *   different people. Where the fit would let a typo outweigh exact agreement, u was raised to keep the levels in
 *   order; unseen levels take a rule-of-three u (3 / 300,000 ≈ 1e-5). FEBRL 4 is the check, not the fit.
 */
export const PERSON_MODEL: MatchModel = {
  residentId: {
    levels: {
      exact: {
        m: 0.97,
        u: 1e-6,
        why: 'one number per person; typos aside, only that person carries it',
        frequency: { kind: 'personal', table: t.residentId, maxDown: 16, maxUp: 0, bitsPerDoubling: 2 },
      },
      'exact-unverified': {
        m: 0.9,
        u: 1e-5,
        why: 'the same wrong number twice: usually one person, unless it is a placeholder many share',
        frequency: { kind: 'personal', table: t.residentId, maxDown: 16, maxUp: 0, bitsPerDoubling: 2 },
      },
      partial: {
        m: 0.9,
        u: 0.004,
        why: 'region + last 4 digits: ~5 people in a county share them with a surname',
      },
      conflict: { m: 0.01, u: 0.9, why: 'digits both sides show differ: a different number unless mistyped' },
      different: { m: 0.001, u: 0.999, why: 'two verified numbers: two people (also a veto)' },
      'different-unverified': { m: 0.3, u: 0.99, why: 'one fails its checksum: perhaps a typo of the other' },
    },
  },
  phone: {
    levels: {
      exact: {
        m: 0.8,
        u: 0.0002,
        why: 'the same mobile: a real-name personal device, enough with a compatible surname; from a third holder on, a shared one (3 bits per doubling)',
        frequency: { kind: 'personal', table: t.phone, maxDown: 12, maxUp: 0, bitsPerDoubling: 3 },
      },
      'exact-landline': {
        m: 0.8,
        u: 0.01,
        why: 'the same landline: a household (spouses, parents and children) shares it',
        frequency: { kind: 'personal', table: t.phone, maxDown: 12, maxUp: 0, bitsPerDoubling: 2 },
      },
      partial: { m: 0.8, u: 0.005, why: 'masked 138****5678: 7 digits agree, a few numbers fit' },
      different: { m: 0.35, u: 0.998, why: 'people have several phones and give another' },
    },
  },
  otherId: {
    levels: {
      exact: {
        m: 0.86,
        u: 1e-5,
        why: 'FEBRL 3: kept in 86% of true pairs; never shared by two people in 300k random pairs',
        frequency: { kind: 'personal', table: t.otherId, maxDown: 14, maxUp: 0 },
      },
      'one-edit': { m: 0.1, u: 1e-4, why: 'clear values only (evaluation): one typo' },
      'two-edits': { m: 0.02, u: 0.002, why: 'clear values only (evaluation): two typos' },
      different: { m: 0.14, u: 0.9999, why: 'FEBRL 3: 14%; in the hub a typo looks like another number' },
    },
  },
  name: {
    levels: {
      exact: {
        m: 0.8,
        u: 0.004,
        why: 'same full name; 张伟 is common, so weighed by how many stored people bear it',
        frequency: { kind: 'population', table: t.name, typicalShare: 1e-5, maxDown: 6, maxUp: 2 },
      },
      'script-variant': {
        m: 0.04,
        u: 0.0002,
        why: '張偉 ~ 张伟: the same name in traditional characters',
        frequency: { kind: 'population', table: t.name, typicalShare: 1e-5, maxDown: 6, maxUp: 2 },
      },
      pinyin: {
        m: 0.06,
        u: 0.012,
        why: 'homophone: operators type by ear (张维 for 张伟), but other zhang-wei exist',
        frequency: { kind: 'population', table: t.namePinyin, typicalShare: 3e-5, maxDown: 3, maxUp: 1 },
      },
      'pinyin-fuzzy': { m: 0.02, u: 0.01, why: 'zh/z, l/n, -ng/-n confusions of southern speech' },
      'one-character': {
        m: 0.02,
        u: 0.04,
        why: 'one character differs and does not sound alike: usually another name',
      },
      'surname-compatible': {
        m: 0.95,
        u: 0.1,
        why: '张先生 ~ 张伟: only the surname is known, weak; the commonest (王 李 张 陈, 7–10%) count as typical',
        frequency: { kind: 'population', table: t.surname, typicalShare: 0.1, maxDown: 2, maxUp: 1 },
      },
      'surname-conflict': { m: 0.01, u: 0.95, why: '王女士 vs 李强: not the person (the wife calling, say)' },
      different: { m: 0.01, u: 0.95, why: 'two full names unlike each other' },
    },
  },
  record: {
    levels: {
      'named-twice': {
        m: 0.9,
        u: 0.02,
        why: 'a caller known as 徐小姐 and the one party of that surname the same record lists: mostly the caller named again (a relative of the same surname and sex also fits)',
      },
    },
  },
  dispute: {
    levels: {
      party: {
        m: 0.9,
        u: 0.01,
        why: 'a party of the dispute this record joined: the same quarrel names few people (only when joining one)',
      },
      'party-surname-only': {
        m: 0.9,
        u: 0.015,
        why: 'a party of that dispute with the surname of a caller known only as 王先生: sometimes a relative calling, who shares a surname only as parent or child (a wife keeps her own). Counted on the county generator (`bench/quality/county-rates.ts`, seed 20240305, 1,000 disputes): of 153 surname-only mentions whose quarrel’s earlier reports name one person of that surname in full, 152 were that person. The hub’s own quarrels are less sure than the truth (a report joined to the wrong one), hence 1.5%, not 0.7%',
      },
      'party-surname-and-sex': {
        m: 0.9,
        u: 0.008,
        why: 'as party-surname-only, the honorific’s sex agreeing with the party’s: half the parents and children calling are of the other sex',
      },
      'party-name-sounds-alike': {
        m: 0.9,
        u: 0.002,
        why: 'a party of that dispute whose name sounds like this one (王晓朋, 王晓鹏): the name agrees only by ear, which across a county is weak, but a quarrel names few people and two of them seldom sound alike',
      },
      'party-other-side': {
        m: 0.08,
        u: 0.3,
        why: 'a party of that dispute, but on the other side: a relative calling shares a surname with the other party',
      },
    },
  },
  'given-name': {
    levels: {
      exact: {
        m: 0.587,
        u: 0.00265,
        why: 'FEBRL 3 fit',
        frequency: { kind: 'population', table: t.givenName, typicalShare: 0.00265, maxDown: 4, maxUp: 2 },
      },
      'one-edit': { m: 0.171, u: 0.001, why: 'FEBRL 3 fit (u raised from 4e-4 to stay below exact)' },
      swapped: {
        m: 0.082,
        u: 0.001,
        why: 'FEBRL 3: given name and surname swapped; both parts show it, so each carries half the pair (u < 1e-5)',
      },
      'jw-high': { m: 0.0054, u: 0.0004, why: 'FEBRL 3 fit' },
      'jw-mid': { m: 0.0075, u: 0.007, why: 'FEBRL 3 fit: no evidence either way' },
      different: { m: 0.1465, u: 0.989, why: 'FEBRL 3 fit' },
    },
  },
  surname: {
    levels: {
      exact: {
        m: 0.567,
        u: 0.00375,
        why: 'FEBRL 3 fit',
        frequency: { kind: 'population', table: t.latinSurname, typicalShare: 0.00375, maxDown: 4, maxUp: 2 },
      },
      'one-edit': { m: 0.2155, u: 0.002, why: 'FEBRL 3 fit (u raised from 1.2e-3 to stay below exact)' },
      swapped: {
        m: 0.079,
        u: 0.001,
        why: 'FEBRL 3: given name and surname swapped; both parts show it, so each carries half the pair (u < 1e-5)',
      },
      'jw-high': { m: 0.0137, u: 0.0005, why: 'FEBRL 3 fit (unseen in random pairs; rule of three, raised)' },
      'jw-mid': { m: 0.0164, u: 0.002, why: 'FEBRL 3 fit (u raised to stay below jw-high)' },
      different: { m: 0.108, u: 0.994, why: 'FEBRL 3 fit' },
    },
  },
  birthDate: {
    levels: {
      exact: {
        m: 0.92,
        u: 0.0025,
        why: 'FEBRL 3 m; u 2.5e-3, not the random-pair 2e-4: a surname with a birth date must not link alone',
      },
      transposed: { m: 0.01, u: 0.0002, why: 'day and month swapped (not in FEBRL; seen in typed dates)' },
      'one-digit': { m: 0.0116, u: 0.00042, why: 'FEBRL 3 fit: one digit wrong or two swapped' },
      'year-month': { m: 0.005, u: 0.00063, why: 'same month of the same year (u from FEBRL 3)' },
      year: { m: 0.005, u: 0.0098, why: 'same year only (u from FEBRL 3)' },
      different: { m: 0.064, u: 0.989, why: 'FEBRL 3 fit' },
    },
  },
  sex: {
    levels: {
      same: { m: 0.98, u: 0.5, why: 'half of all pairs agree by chance' },
      different: { m: 0.002, u: 0.5, why: 'a recording error at most: strongly against' },
      'same-likely': { m: 0.95, u: 0.5, why: 'one side’s sex guessed from the given name (丽萍, 志强)' },
      'different-likely': { m: 0.03, u: 0.5, why: 'guessed from the given name: 陈先生 is hardly 陈小莉' },
    },
  },
  division: {
    levels: {
      grid: { m: 0.2, u: 0.003, why: 'same grid cell' },
      village: { m: 0.3, u: 0.01, why: 'same village or community' },
      town: { m: 0.2, u: 0.06, why: 'same town, one side not finer' },
      county: { m: 0.1, u: 0.2, why: 'same county only: most records are in the county' },
      city: { m: 0.02, u: 0.04, why: 'same city only' },
      province: { m: 0.01, u: 0.02, why: 'same province only' },
      'village-other-grid': { m: 0.08, u: 0.01, why: 'neighbouring grid cells of a village' },
      'town-other-village': { m: 0.05, u: 0.15, why: 'another village: moved, or the incident place' },
      'county-other-town': { m: 0.03, u: 0.25, why: 'another town' },
      'city-other-county': { m: 0.02, u: 0.15, why: 'another county' },
      'province-other-city': { m: 0.01, u: 0.05, why: 'another city' },
      'other-province': { m: 0.01, u: 0.05, why: 'another province' },
    },
  },
  address: {
    levels: {
      same: { m: 0.3, u: 0.002, why: 'same house' },
      contains: { m: 0.3, u: 0.05, why: 'one gives only the village or street of the other' },
      most: { m: 0.15, u: 0.01, why: 'mostly the same tokens' },
      some: { m: 0.1, u: 0.1, why: 'same village, another house: a neighbour' },
      different: { m: 0.15, u: 0.84, why: 'people move; an incident address is not a home' },
    },
  },
  postcode: {
    levels: {
      postcode: {
        m: 0.765,
        u: 0.00058,
        why: 'FEBRL 3 fit',
        frequency: { kind: 'population', table: t.postcode, typicalShare: 0.00058, maxDown: 4, maxUp: 2 },
      },
      'postcode-one-edit': { m: 0.206, u: 0.0136, why: 'FEBRL 3 fit: one digit wrong or two swapped' },
      'other-postcode': { m: 0.029, u: 0.986, why: 'FEBRL 3 fit' },
    },
  },
  'street-address': {
    levels: {
      same: { m: 0.3, u: 1e-5, why: 'FEBRL 3 fit: number, street and locality (bigram Dice ≥ .95)' },
      most: { m: 0.42, u: 3e-5, why: 'FEBRL 3 fit: Dice ≥ .8 (u raised to stay below same)' },
      some: { m: 0.23, u: 0.0002, why: 'FEBRL 3 fit: Dice ≥ .55' },
      contains: { m: 0.01, u: 0.01, why: 'not produced for Latin addresses' },
      different: { m: 0.042, u: 0.99, why: 'FEBRL 3 fit' },
    },
  },
};

/**
 * Link at 14 bits: an ID number alone (~20); a full name with a mobile (~18) or a birth date (~16); a full name with
 * the household landline and a fitting sex (~15); 张先生 on a mobile only he holds, the honorific fitting his sex
 * (~14.9). Review from 8: 张先生 on the household landline (~10.5) or on a mobile three stored people hold (~12.9), a
 * full name in the same village (~12.5), a homophone with a mobile (~13), a masked ID number with the surname (~12).
 */
export const PERSON_THRESHOLDS: Thresholds = { link: 14, review: 8 };

export interface PersonMatchContext extends FrequencyContext {
  model?: MatchModel;
  thresholds?: Thresholds;
}

/** Compares a mention with a stored person: the best level per field across the person's collected values. */
export function scorePersonCandidate(
  mention: MentionForMatching,
  candidate: PersonProfile,
  context: PersonMatchContext = {},
): MatchExplanation {
  const model = context.model ?? PERSON_MODEL;
  const thresholds = context.thresholds ?? PERSON_THRESHOLDS;
  const weigh = (o: Observation) => weighObservation(model, o, context);
  const fields: FieldEvidence[] = [];
  const vetoes: string[] = [];

  // 1. Resident ID numbers; two verified numbers that differ forbid the link.
  const ridObservations: Observation[] = [];
  if (mention.residentId) {
    for (const stored of candidate.residentIds) {
      const c = compareResidentIds(mention.residentId, stored);
      if (!c) continue;
      ridObservations.push({
        field: 'residentId',
        ...c,
        ...(c.level.startsWith('exact') && stored.blindIndex ? { agreedValue: stored.blindIndex } : {}),
      });
    }
  }
  const rid = best(ridObservations.map(weigh));
  fields.push(rid ?? missing('residentId'));
  if (rid?.level === 'different') vetoes.push('different verified resident ID numbers');

  // 2. Phones and other identifiers.
  const phoneObservations: Observation[] = [];
  for (const phone of mention.phones ?? []) {
    for (const stored of candidate.phones) {
      const c = comparePhones(phone, stored);
      if (!c) continue;
      phoneObservations.push({
        field: 'phone',
        ...c,
        ...(c.level.startsWith('exact') && stored.blindIndex ? { agreedValue: stored.blindIndex } : {}),
      });
    }
  }
  fields.push(best(phoneObservations.map(weigh)) ?? missing('phone'));

  const otherObservations: Observation[] = [];
  for (const other of mention.otherIds ?? []) {
    for (const stored of candidate.otherIds ?? []) {
      const c = compareOtherIds(other, stored);
      if (!c) continue;
      otherObservations.push({
        field: 'otherId',
        ...c,
        detail: `${other.scheme}${c.detail ? `: ${c.detail}` : ''}`,
        ...(c.level === 'exact' && stored.blindIndex
          ? { agreedValue: `${stored.scheme}:${stored.blindIndex}` }
          : {}),
      });
    }
  }
  if ((mention.otherIds?.length ?? 0) > 0 || (candidate.otherIds?.length ?? 0) > 0) {
    fields.push(best(otherObservations.map(weigh)) ?? missing('otherId'));
  }

  // 3. Names: Chinese (or mixed) as one field; Latin as given name and surname.
  fields.push(...nameEvidence(mention, candidate, weigh));

  // 4. Birth date (stated or read from an ID number) and sex.
  const mentionDates = birthDatesOfMention(mention);
  const candidateDates = birthDatesOfProfile(candidate);
  const dateObservations: Observation[] = [];
  for (const a of mentionDates) {
    for (const b of candidateDates) {
      const c = compareBirthDates(a.date, b.date);
      if (c)
        dateObservations.push({
          field: 'birthDate',
          ...c,
          detail: `${c.detail ?? ''} (${a.from} / ${b.from})`,
        });
    }
  }
  fields.push(best(dateObservations.map(weigh)) ?? missing('birthDate'));
  const fromIdsA = mentionDates.filter((d) => d.from === 'id').map((d) => d.date);
  const fromIdsB = candidateDates.filter((d) => d.from === 'id').map((d) => d.date);
  if (fromIdsA.length && fromIdsB.length && !fromIdsA.some((d) => fromIdsB.includes(d))) {
    vetoes.push(`birth dates from ID numbers differ (${fromIdsA[0]} / ${fromIdsB[0]})`);
  }

  const sexObservations: Observation[] = [];
  for (const a of sexesOfMention(mention)) {
    for (const b of sexesOfProfile(candidate)) {
      sexObservations.push({ field: 'sex', ...compareSex(a.sex, b.sex, a.guessed || b.guessed) });
    }
  }
  fields.push(best(sexObservations.map(weigh)) ?? missing('sex'));

  // 5. Places: division code and address text (Chinese), postcode and street (Latin).
  fields.push(...placeEvidence(mention.addresses ?? [], candidate.addresses ?? [], weigh));

  return explainMatch(countOnce(fields), thresholds, vetoes.length ? vetoes.join('; ') : undefined);
}

/**
 * Evidence that says one thing twice. Fellegi–Sunter adds fields as if independent; the village code and the address
 * text both say "lives here", and a household landline says it again. Of such evidence only the strongest counts; the
 * others stay in the explanation with weight 0 and say why. (Without this, the daughter 张静 at her father 张强's
 * address, on the family landline, would outscore the name that tells them apart.)
 */
function countOnce(fields: FieldEvidence[]): FieldEvidence[] {
  const household = fields.filter(
    (f) =>
      f.weight > 0 &&
      (f.field === 'division' ||
        f.field === 'address' ||
        (f.field === 'phone' && f.level === 'exact-landline')),
  );
  if (household.length < 2) return fields;
  const strongest = household.reduce((a, b) => (b.weight > a.weight ? b : a));
  return fields.map((f) =>
    household.includes(f) && f !== strongest
      ? {
          ...f,
          weight: 0,
          detail: `${f.detail ? `${f.detail}; ` : ''}counted once with ${strongest.field}: one home`,
        }
      : f,
  );
}

export type PersonDecision =
  | {
      outcome: 'link';
      personId: string;
      explanation: MatchExplanation;
      /** Other candidates above review. */
      alternatives: ScoredCandidate[];
      /**
       * Other candidates that also reach the link threshold and agree with the chosen person: probably the same
       * person stored twice. Propose their merge to a steward.
       */
      possibleDuplicates: ScoredCandidate[];
    }
  | { outcome: 'review'; candidates: ScoredCandidate[] }
  | { outcome: 'new'; nearest?: ScoredCandidate };

export interface ScoredCandidate {
  personId: string;
  explanation: MatchExplanation;
}

export interface PersonDecisionOptions extends PersonMatchContext {
  /** Persons a steward has kept apart from this record (cannot-link): never linked, never proposed. */
  excluded?: ReadonlySet<string>;
  /**
   * When a second candidate also reaches the link threshold within this many bits of the best and the two cannot be
   * one person (different ID numbers, names, sexes or birth dates), the record is ambiguous and goes to review.
   * Default 4.
   */
  ambiguityMargin?: number;
  /** Most candidates proposed for review. Default 5. */
  maxReview?: number;
}

/**
 * Scores every candidate and decides: link to the best, review the plausible ones, or a new person. When several
 * candidates reach the link threshold, the best is linked unless a close runner-up is visibly another person; a
 * compatible runner-up is returned as a possible duplicate of the linked person.
 */
export function decidePerson(
  mention: MentionForMatching,
  candidates: readonly PersonProfile[],
  options: PersonDecisionOptions = {},
): PersonDecision {
  const excluded = options.excluded ?? new Set<string>();
  const profiles = new Map(candidates.map((c) => [c.id, c]));
  const scored = candidates
    .filter((c) => !excluded.has(c.id))
    .map((c) => ({ personId: c.id, explanation: scorePersonCandidate(mention, c, options) }))
    .sort((a, b) => b.explanation.total - a.explanation.total);
  const margin = options.ambiguityMargin ?? 4;
  const plausible = scored.filter((s) => s.explanation.decision !== 'none');
  const [first] = plausible;
  if (first?.explanation.decision === 'link') {
    const best = profiles.get(first.personId)!;
    const rivals = plausible.slice(1).filter((s) => s.explanation.decision === 'link');
    const contested = rivals.some(
      (r) =>
        first.explanation.total - r.explanation.total < margin &&
        conflictBetween(best, profiles.get(r.personId)!) !== undefined,
    );
    if (!contested) {
      const duplicates = rivals.filter((r) => conflictBetween(best, profiles.get(r.personId)!) === undefined);
      return {
        outcome: 'link',
        personId: first.personId,
        explanation: first.explanation,
        alternatives: plausible.slice(1).filter((s) => !duplicates.includes(s)),
        possibleDuplicates: duplicates,
      };
    }
  }
  if (plausible.length > 0)
    return { outcome: 'review', candidates: plausible.slice(0, options.maxReview ?? 5) };
  return scored[0] ? { outcome: 'new', nearest: scored[0] } : { outcome: 'new' };
}

/**
 * Why two stored persons cannot be one: different verified ID numbers, different birth dates from ID numbers,
 * different sexes, or full names unlike each other (not the same, a script variant or a homophone). Undefined when
 * nothing tells them apart.
 */
export function conflictBetween(a: PersonProfile, b: PersonProfile): string | undefined {
  for (const x of a.residentIds) {
    for (const y of b.residentIds)
      if (compareResidentIds(x, y)?.level === 'different') return 'ID numbers differ';
  }
  const births = (p: PersonProfile) =>
    birthDatesOfProfile(p)
      .filter((d) => d.from === 'id')
      .map((d) => d.date);
  const [ba, bb] = [births(a), births(b)];
  if (ba.length && bb.length && !ba.some((d) => bb.includes(d))) return 'birth dates from ID numbers differ';
  const [da, db] = [birthDatesOfProfile(a), birthDatesOfProfile(b)];
  const dateLevels = da.flatMap((x) => db.map((y) => compareBirthDates(x.date, y.date)?.level));
  if (dateLevels.length && dateLevels.every((l) => l === 'different' || l === 'year'))
    return 'birth dates differ';
  const [sa, sb] = [statedSexesOfProfile(a), statedSexesOfProfile(b)];
  if (sa.length === 1 && sb.length === 1 && sa[0] !== sb[0]) return 'sexes differ';
  const fullA = a.names.filter((n) => n.form === 'full');
  const fullB = b.names.filter((n) => n.form === 'full');
  const alike = new Set(['exact', 'script-variant', 'pinyin', 'pinyin-fuzzy']);
  const latinAgree = (x: PersonName, y: PersonName) => {
    const c = compareLatinNames(x, y);
    return [c.given?.level, c.surname?.level].some(
      (l) => l !== undefined && l !== 'different' && l !== 'jw-mid',
    );
  };
  const nameAlike = (x: PersonName, y: PersonName) =>
    isHanName(x) || isHanName(y) ? alike.has(compareNames(x, y)?.level ?? '') : latinAgree(x, y);
  if (fullA.length && fullB.length && !fullA.some((x) => fullB.some((y) => nameAlike(x, y)))) {
    return 'full names differ';
  }
  return undefined;
}

/**
 * The profile with a newly linked mention's values added (names, identifiers, stated birth date, sex, addresses):
 * what the evaluation harnesses keep per entity, and what a store needs to keep for the matcher.
 */
export function profileWithMention(profile: PersonProfile, mention: MentionForMatching): PersonProfile {
  const names = [...profile.names];
  if (mention.name && !names.some((n) => n.asGiven === mention.name?.asGiven)) names.push(mention.name);
  const residentIds = [...profile.residentIds];
  if (mention.residentId && !residentIds.some((r) => sameIdentifier(r, mention.residentId!))) {
    residentIds.push(mention.residentId);
  }
  const phones = [...profile.phones];
  for (const p of mention.phones ?? []) if (!phones.some((q) => sameIdentifier(q, p))) phones.push(p);
  const otherIds = [...(profile.otherIds ?? [])];
  for (const o of mention.otherIds ?? []) {
    if (!otherIds.some((q) => q.scheme === o.scheme && sameIdentifier(q, o))) otherIds.push(o);
  }
  const addresses = [...(profile.addresses ?? [])];
  for (const a of mention.addresses ?? []) {
    if (!addresses.some((b) => JSON.stringify(b) === JSON.stringify(a))) addresses.push(a);
  }
  const birthDates = [...(profile.birthDates ?? [])];
  if (mention.birthDate && !birthDates.includes(mention.birthDate)) birthDates.push(mention.birthDate);
  const idBirth = profile.birthDate ?? residentIds.find((r) => verified(r) && r.birthDate)?.birthDate;
  const sex = profile.sex ?? residentIds.find((r) => verified(r) && r.sex)?.sex ?? mention.sex;
  return {
    ...profile,
    names,
    residentIds,
    phones,
    otherIds,
    addresses,
    birthDates,
    ...(idBirth ? { birthDate: idBirth } : {}),
    ...(sex ? { sex } : {}),
  };
}

/**
 * The values of a profile per frequency table: what the store counts (one per person and value) so that
 * `frequencyOf(table, value)` can answer how many stored persons share a value.
 */
export function profileFrequencyValues(profile: PersonProfile): Array<{ table: string; value: string }> {
  const out = new Map<string, { table: string; value: string }>();
  const add = (table: string, value: string | undefined) => {
    if (value) out.set(`${table}\u0000${value}`, { table, value });
  };
  for (const name of profile.names) {
    if (isHanName(name)) {
      if (name.form === 'full') {
        add(t.name, name.normalised);
        add(t.namePinyin, pinyinOf(name.normalised ?? ''));
      }
      add(t.surname, name.surname);
    } else if (name.form === 'full') {
      const parts = latinNameParts(name);
      add(t.givenName, parts.given);
      add(t.latinSurname, parts.surname);
    }
  }
  for (const phone of profile.phones) if (phone.kind !== 'service') add(t.phone, phone.blindIndex);
  for (const id of profile.residentIds) add(t.residentId, id.blindIndex);
  for (const other of profile.otherIds ?? [])
    if (other.blindIndex) add(t.otherId, `${other.scheme}:${other.blindIndex}`);
  for (const address of profile.addresses ?? []) add(t.postcode, postcodeOf(address));
  return [...out.values()];
}

/** One profile holding both profiles' values, under the winner's id (a merge of one person stored twice). */
export function mergeProfiles(winner: PersonProfile, loser: PersonProfile): PersonProfile {
  const byKey = <T>(items: T[], key: (t: T) => string) => [
    ...new Map(items.map((i) => [key(i), i])).values(),
  ];
  const idKey = (x: { blindIndex?: string; masked: string }) => x.blindIndex ?? `masked:${x.masked}`;
  return {
    ...winner,
    names: byKey([...winner.names, ...loser.names], (n) => n.asGiven),
    residentIds: byKey([...winner.residentIds, ...loser.residentIds], idKey),
    phones: byKey([...winner.phones, ...loser.phones], idKey),
    otherIds: byKey(
      [...(winner.otherIds ?? []), ...(loser.otherIds ?? [])],
      (o) => `${o.scheme}:${idKey(o)}`,
    ),
    addresses: byKey([...(winner.addresses ?? []), ...(loser.addresses ?? [])], (a) => JSON.stringify(a)),
    birthDates: [...new Set([...(winner.birthDates ?? []), ...(loser.birthDates ?? [])])],
    ...((winner.birthDate ?? loser.birthDate) ? { birthDate: winner.birthDate ?? loser.birthDate } : {}),
    ...((winner.sex ?? loser.sex) ? { sex: winner.sex ?? loser.sex } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------

function nameEvidence(
  mention: MentionForMatching,
  candidate: PersonProfile,
  weigh: (o: Observation) => FieldEvidence,
): FieldEvidence[] {
  const name = mention.name;
  const hanLike = (n: PersonName) => isHanName(n);
  if (name === undefined || name.form === 'empty') {
    return candidate.names.some((n) => !hanLike(n))
      ? [missing('given-name'), missing('surname')]
      : [missing('name')];
  }
  if (hanLike(name) || candidate.names.some(hanLike)) {
    const observations: Observation[] = [];
    for (const stored of candidate.names) {
      const c = compareNames(name, stored);
      if (c) observations.push({ field: 'name', ...c, ...nameAgreedValue(c.level, name) });
    }
    return [best(observations.map(weigh)) ?? missing('name')];
  }
  let bestPair: FieldEvidence[] | undefined;
  for (const stored of candidate.names) {
    const c = compareLatinNames(name, stored);
    const pair = [
      c.given
        ? weigh({
            field: 'given-name',
            ...c.given,
            ...(c.given.level === 'exact' && c.given.detail ? { agreedValue: c.given.detail } : {}),
          })
        : missing('given-name'),
      c.surname
        ? weigh({
            field: 'surname',
            ...c.surname,
            ...(c.surname.level === 'exact' && c.surname.detail ? { agreedValue: c.surname.detail } : {}),
          })
        : missing('surname'),
    ];
    if (bestPair === undefined || sum(pair) > sum(bestPair)) bestPair = pair;
  }
  return bestPair ?? [missing('given-name'), missing('surname')];
}

/** The value a name level's frequency is counted by: the name, its pinyin, or the surname. */
function nameAgreedValue(level: string, name: PersonName): Pick<Observation, 'agreedValue'> {
  const normalised = name.normalised ?? '';
  if (level === 'exact' || level === 'script-variant') return { agreedValue: normalised };
  if (level === 'pinyin') return { agreedValue: pinyinOf(normalised) };
  if (level === 'surname-compatible' && name.surname) return { agreedValue: name.surname };
  return {};
}

function placeEvidence(
  mine: readonly Location[],
  theirs: readonly Location[],
  weigh: (o: Observation) => FieldEvidence,
): FieldEvidence[] {
  const latin = [...mine, ...theirs].some((l) => postcodeOf(l) !== undefined);
  const divisionField = latin ? 'postcode' : 'division';
  const addressField = latin ? 'street-address' : 'address';
  const divisions: Observation[] = [];
  const texts: Observation[] = [];
  // A place known only to the county (a court case, a 110 centre) is where the record was made, not where the person
  // lives: it says nothing either way.
  const countyOnly = (l: Location) => (l.gridCode ?? l.divisionCode ?? '').length === 6;
  for (const a of mine) {
    for (const b of theirs) {
      if (countyOnly(a) || countyOnly(b)) continue;
      const d = compareDivisions(a, b);
      if (d) {
        const postcode = d.level === 'postcode' ? postcodeOf(a) : undefined;
        divisions.push({
          field: divisionField,
          ...d,
          ...(postcode ? { agreedValue: postcode } : {}),
        });
      }
      const t = compareAddressText(a, b);
      if (t) texts.push({ field: addressField, ...t });
    }
  }
  return [
    best(divisions.map(weigh)) ?? missing(divisionField),
    best(texts.map(weigh)) ?? missing(addressField),
  ];
}

interface DatedFrom {
  date: string;
  from: 'id' | 'stated';
}

function birthDatesOfMention(mention: MentionForMatching): DatedFrom[] {
  const out: DatedFrom[] = [];
  const id = mention.residentId;
  if (id?.birthDate)
    out.push({ date: id.birthDate, from: verified(id) || id.status === 'masked' ? 'id' : 'stated' });
  if (mention.birthDate) out.push({ date: mention.birthDate, from: 'stated' });
  return out;
}

function birthDatesOfProfile(profile: PersonProfile): DatedFrom[] {
  const out: DatedFrom[] = [];
  for (const id of profile.residentIds) {
    if (id.birthDate)
      out.push({ date: id.birthDate, from: verified(id) || id.status === 'masked' ? 'id' : 'stated' });
  }
  if (profile.birthDate && !out.some((d) => d.date === profile.birthDate)) {
    out.push({ date: profile.birthDate, from: 'id' });
  }
  for (const d of profile.birthDates ?? []) out.push({ date: d, from: 'stated' });
  return out;
}

interface SexFrom {
  sex: 'male' | 'female';
  /** From a given name rather than a statement, an honorific or an ID number. */
  guessed: boolean;
}

/** The sexes a mention states (directly, by honorific, by its ID number), else what its given name suggests. */
function sexesOfMention(mention: MentionForMatching): SexFrom[] {
  const stated = unique([
    mention.sex,
    mention.residentId && (verified(mention.residentId) || mention.residentId.status === 'masked')
      ? mention.residentId.sex
      : undefined,
    sexOfHonorific(mention.name?.honorific),
  ]);
  if (stated.length) return stated.map((sex) => ({ sex, guessed: false }));
  const likely = mention.name ? likelySexOfName(mention.name) : undefined;
  return likely ? [{ sex: likely, guessed: true }] : [];
}

function sexesOfProfile(profile: PersonProfile): SexFrom[] {
  const stated = statedSexesOfProfile(profile);
  if (stated.length) return stated.map((sex) => ({ sex, guessed: false }));
  return unique(profile.names.map(likelySexOfName)).map((sex) => ({ sex, guessed: true }));
}

function statedSexesOfProfile(profile: PersonProfile): Array<'male' | 'female'> {
  return unique([
    profile.sex,
    ...profile.residentIds.filter((r) => verified(r) || r.status === 'masked').map((r) => r.sex),
    ...profile.names.map((n) => sexOfHonorific(n.honorific)),
  ]);
}

function verified(id: ResidentId): boolean {
  return id.status === 'valid' || id.status === 'upgraded';
}

function sameIdentifier(
  a: { blindIndex?: string; masked: string },
  b: { blindIndex?: string; masked: string },
) {
  return a.blindIndex && b.blindIndex
    ? a.blindIndex === b.blindIndex
    : !a.blindIndex && !b.blindIndex && a.masked === b.masked;
}

function best(evidence: FieldEvidence[]): FieldEvidence | undefined {
  return evidence.reduce<FieldEvidence | undefined>(
    (b, e) => (b === undefined || e.weight > b.weight ? e : b),
    undefined,
  );
}

function missing(field: string): FieldEvidence {
  return { field, level: MISSING, weight: 0 };
}

function sum(evidence: FieldEvidence[]): number {
  return evidence.reduce((s, e) => s + e.weight, 0);
}

function unique<T>(values: Array<T | undefined>): T[] {
  return [...new Set(values.filter((v): v is T => v !== undefined))];
}
