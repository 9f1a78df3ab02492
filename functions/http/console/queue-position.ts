/**
 * Where a steward stands in the review queue: the filters (kind, source, division) and the page they are on, carried
 * from the queue into each pair and on to the next one, so deciding a pair leads to the next pair of the same list.
 */
import type { ReviewItem } from '../../resolution/review-item.js';
import type { HubDeps } from '../../runtime/deps.js';
import type { ReviewFilter } from '../../store/steward-repository.js';

export const pageSize = 50;

export interface QueuePosition {
  filter: ReviewFilter;
  /** The cursor of the queue page the pair was opened from (absent: the first page). */
  at?: string;
}

export class InvalidFilterError extends Error {}

/** Reads the position from a query string or a form; empty fields mean no filter. */
export function readPosition(params: Record<string, string | undefined>): QueuePosition {
  const value = (name: string) => params[name]?.trim() || undefined;
  const kind = value('kind');
  if (kind !== undefined && kind !== 'person' && kind !== 'dispute') {
    throw new InvalidFilterError(`类型只能是“人员”或“纠纷”，收到 "${kind}"`);
  }
  const division = value('division');
  if (division !== undefined && !/^\d{2,12}$/.test(division)) {
    throw new InvalidFilterError(`行政区划请填写 2 到 12 位数字代码的前缀，收到 "${division}"`);
  }
  const source = value('source');
  const at = value('at');
  return {
    filter: {
      ...(kind ? { kind } : {}),
      ...(source ? { sourceId: source } : {}),
      ...(division ? { division } : {}),
    },
    ...(at ? { at } : {}),
  };
}

/** The query string of a position (without `?`), with extra parameters. */
export function positionQuery(
  position: QueuePosition,
  extra: Record<string, string | undefined> = {},
): string {
  const params = new URLSearchParams();
  const { kind, sourceId, division } = position.filter;
  if (kind) params.set('kind', kind);
  if (sourceId) params.set('source', sourceId);
  if (division) params.set('division', division);
  if (position.at) params.set('at', position.at);
  for (const [name, value] of Object.entries(extra)) if (value) params.set(name, value);
  return params.toString();
}

export const withQuery = (path: string, query: string) => (query ? `${path}?${query}` : path);

/**
 * The open pair after `currentId` in the steward's list (the current one excluded even once it is decided), with the
 * page it sits on; undefined when the list has nothing more.
 */
export async function nextPair(
  deps: Pick<HubDeps, 'store'>,
  position: QueuePosition,
  currentId: string,
): Promise<{ item: ReviewItem; at?: string } | undefined> {
  let at = position.at;
  let page = await deps.store.steward.listOpen(position.filter, pageSize, at);
  const index = page.items.findIndex((i) => i.id === currentId);
  let rest = index >= 0 ? page.items.slice(index + 1) : page.items.filter((i) => i.id !== currentId);
  while (rest.length === 0 && page.cursor) {
    at = page.cursor;
    page = await deps.store.steward.listOpen(position.filter, pageSize, at);
    rest = page.items.filter((i) => i.id !== currentId);
  }
  const item = rest[0];
  return item ? { item, ...(at ? { at } : {}) } : undefined;
}
