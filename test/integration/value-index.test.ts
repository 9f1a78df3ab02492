import { describe, expect, it } from 'vitest';
import { memberLimit } from '../../functions/store/value-index-repository.js';
import { createTestDeps } from '../support/hub-deps.js';

describe('the value index (blocking keys and value counts)', () => {
  it('files an entity under a key once however often it is added, and reads many keys in one call', async () => {
    const { store } = await createTestDeps();
    await store.valueIndex.add([
      { key: 'p:phone:abc', entityId: 'per_1' },
      { key: 'p:phone:abc', entityId: 'per_2' },
      { key: 'f:surname:张', entityId: 'per_1' },
    ]);
    // Redelivery: the same additions again change nothing.
    await store.valueIndex.add([
      { key: 'p:phone:abc', entityId: 'per_1' },
      { key: 'p:phone:abc', entityId: 'per_2' },
    ]);
    const read = await store.valueIndex.read(['p:phone:abc', 'f:surname:张', 'p:unknown']);
    expect(read.get('p:phone:abc')).toEqual({ key: 'p:phone:abc', count: 2, entityIds: ['per_1', 'per_2'] });
    expect(read.get('f:surname:张')?.count).toBe(1);
    expect(read.get('p:unknown')).toEqual({ key: 'p:unknown', count: 0, entityIds: [] });
  });

  it('takes an entity off a key once: the count goes down, and a second removal changes nothing', async () => {
    const { store } = await createTestDeps();
    await store.valueIndex.add([
      { key: 'f:surname:李', entityId: 'per_1' },
      { key: 'f:surname:李', entityId: 'per_2' },
    ]);
    await store.valueIndex.remove([{ key: 'f:surname:李', entityId: 'per_2' }]);
    await store.valueIndex.remove([
      { key: 'f:surname:李', entityId: 'per_2' },
      { key: 'f:surname:李', entityId: 'per_9' },
    ]);
    expect((await store.valueIndex.read(['f:surname:李'])).get('f:surname:李')).toEqual({
      key: 'f:surname:李',
      count: 1,
      entityIds: ['per_1'],
    });
  });

  it('keeps counting past the member limit without growing the item: an oversized block', async () => {
    const { store } = await createTestDeps();
    const many = Array.from({ length: memberLimit + 20 }, (_, i) => ({
      key: 'p:phone:shop',
      entityId: `per_${i}`,
    }));
    await store.valueIndex.add(many);
    const block = (await store.valueIndex.read(['p:phone:shop'])).get('p:phone:shop')!;
    expect(block.count).toBe(memberLimit + 20);
    expect(block.entityIds).toHaveLength(memberLimit);
  });
});
