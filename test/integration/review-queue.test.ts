import { describe, expect, it } from 'vitest';
import { newReviewItem, type ReviewItem } from '../../functions/resolution/review-item.js';
import { createTestDeps } from '../support/hub-deps.js';

const explanation = (total: number) => ({
  total,
  thresholds: { link: 14, review: 8 },
  decision: 'review' as const,
  fields: [{ field: 'name', level: 'exact', weight: total }],
});

describe('the review queue in the store', () => {
  it('pages a filtered queue by cursor, most consequential first, without repeats or gaps', async () => {
    const deps = await createTestDeps();
    const items: ReviewItem[] = Array.from({ length: 23 }, (_, i) =>
      newReviewItem({
        kind: i % 3 === 0 ? 'dispute' : 'person',
        leftId: `per_L${i}`,
        rightId: `per_R${i}`,
        explanation: explanation(8 + (i % 6)),
        proposedBecause: 'test',
        records: 1 + (i % 5),
        sourceIds: ['hotline-12345'],
        divisionCode: i % 2 ? '330681109290' : '330681001001',
        createdAt: `2024-03-06T10:${String(i).padStart(2, '0')}:00.000Z`,
      }),
    );
    for (const item of items) {
      const uow = deps.store.unitOfWork();
      deps.store.steward.proposeReview(uow, item);
      await uow.commit();
    }
    const wanted = items.filter((i) => i.kind === 'person' && i.divisionCode?.startsWith('330681109'));
    const seen: ReviewItem[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.store.steward.listOpen({ kind: 'person', division: '330681109' }, 2, cursor);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    expect(seen.map((i) => i.id).sort()).toEqual(wanted.map((i) => i.id).sort());
    expect(new Set(seen.map((i) => i.id)).size).toBe(seen.length);
    const priorities = seen.map((i) => i.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
  });
});
