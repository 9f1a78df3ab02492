/** The two sides of a quarrel, as the roles a source gives its parties put them. */
import type { PartyRole } from '../../schemas/generated/types.js';

const sideA = new Set<PartyRole>(['complainant', 'petitioner', 'applicant', 'plaintiff', 'reporter']);
const sideB = new Set<PartyRole>(['respondent', 'counterparty', 'defendant']);

/** Which side of a quarrel roles put a party on: the one who complains (or reports) or the one complained of. */
export function sideOf(roles: readonly PartyRole[]): 'a' | 'b' | undefined {
  const a = roles.some((r) => sideA.has(r));
  const b = roles.some((r) => sideB.has(r));
  return a === b ? undefined : a ? 'a' : 'b';
}
