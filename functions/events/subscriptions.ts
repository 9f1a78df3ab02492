/**
 * Subscriptions: who receives which events, where, and in what shape. A subscription filters with an EventBridge
 * event pattern matched against the CloudEvent (attributes and `data`), optionally narrowed to a region (a division
 * code prefix), and delivers to one target: a signed webhook, a pull feed (also readable as SSE), or in AWS an SQS
 * queue. In AWS the same pattern becomes the subscription's EventBridge rule on the hub bus.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 */
import type { QiaoCloudEvent } from '../../schemas/generated/types.js';
import type { PayloadShape } from './event-projection.js';
import {
  type CompiledPattern,
  compilePattern,
  type EventPattern,
  InvalidPatternError,
} from './pattern-matcher.js';
import type { WebhookSecret } from './webhook-signing.js';

export type SubscriptionTarget =
  | { kind: 'webhook'; url: string }
  | { kind: 'feed' }
  | { kind: 'sqs'; queueArn: string };

export type SubscriptionStatus = 'active' | 'disabled';

export interface Subscription {
  id: string;
  name: string;
  /** The API key that created it; a key sees only its own subscriptions unless it is admin. */
  ownerKeyId: string;
  pattern: EventPattern;
  /** Division-code prefix (`330681` a county, `330681109` a township): only events located there. */
  region?: string;
  payload: PayloadShape;
  /** The owning key holds `pii` (scopes of a key never change, so this is decided once). */
  pii: boolean;
  target: SubscriptionTarget;
  status: SubscriptionStatus;
  disabledReason?: string;
  /** Webhook signing secrets, newest first; shown only when created or rotated. */
  secrets?: WebhookSecret[];
  /** Event-log position when it was created: delivery, feeds and streams start after it. */
  startPosition: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface FieldProblem {
  path: string;
  message: string;
}

/** The request describes a subscription the hub cannot keep; `fields` name each failing field. */
export class InvalidSubscriptionError extends Error {
  constructor(
    message: string,
    readonly fields: FieldProblem[],
  ) {
    super(message);
  }
}

export class UnknownSubscriptionError extends Error {
  constructor(readonly id: string) {
    super(`no subscription "${id}" visible to this API key; list yours with GET /v1/subscriptions`);
  }
}

/** The target kind needs something this runtime lacks (SQS targets need the hub's AWS runtime). */
export class UnsupportedTargetError extends Error {}

/** EventBridge accepts rule patterns up to 4096 characters; the hub keeps room for the `detail` wrapper and region. */
export const maxPatternLength = 3000;
export const regionPattern = /^\d{2,12}$/;

/** Validates a pattern with EventBridge's rules; errors name the field inside the request (`pattern.type[0]`). */
export function validatePattern(pattern: unknown, at = 'pattern'): CompiledPattern {
  const length = JSON.stringify(pattern ?? null).length;
  if (length > maxPatternLength) {
    throw new InvalidSubscriptionError(
      `the pattern is ${length} characters of JSON; the limit is ${maxPatternLength} (EventBridge rules allow 4096)`,
      [{ path: at, message: `longer than ${maxPatternLength} characters` }],
    );
  }
  try {
    return compilePattern(pattern);
  } catch (error) {
    if (!(error instanceof InvalidPatternError)) throw error;
    const path = error.path ? `${at}.${error.path}` : at;
    const reason = error.message.replace(/^invalid pattern( at [^:]+)?: /, '');
    throw new InvalidSubscriptionError(
      `the pattern is not a valid EventBridge event pattern: ${path}: ${reason}`,
      [{ path, message: reason }],
    );
  }
}

/** Where an event is: its `divisioncode` extension, else the division code its data carries. */
export function divisionCodeOf(event: QiaoCloudEvent): string | undefined {
  if (event.divisioncode) return event.divisioncode;
  const data = (event.data ?? {}) as {
    divisionCode?: unknown;
    dispute?: { location?: { divisionCode?: unknown } };
  };
  const code = data.divisionCode ?? data.dispute?.location?.divisionCode;
  return typeof code === 'string' ? code : undefined;
}

export type EventFilter = (event: QiaoCloudEvent) => boolean;

/** The pattern and the region as one predicate. */
export function eventFilter(pattern: CompiledPattern, region?: string): EventFilter {
  if (!region) return (event) => pattern.matches(event);
  return (event) => (divisionCodeOf(event)?.startsWith(region) ?? false) && pattern.matches(event);
}

const compiled = new Map<string, EventFilter>();

/** The subscription's filter, compiled once per subscription version. */
export function filterOf(subscription: Subscription): EventFilter {
  const key = `${subscription.id}@${subscription.version}`;
  let filter = compiled.get(key);
  if (!filter) {
    if (compiled.size > 1000) compiled.clear();
    filter = eventFilter(compilePattern(subscription.pattern), subscription.region);
    compiled.set(key, filter);
  }
  return filter;
}

export const isPushTarget = (target: SubscriptionTarget) => target.kind !== 'feed';

/** The `source` the hub's EventBridge bus puts its entries with (see runtime/aws/eventbridge-bus.ts). */
export const busEntrySource = 'qiao.hub';

/** The paths a region is read from (see divisionCodeOf), as pattern paths. */
const regionPaths = ['divisioncode', 'data.divisionCode', 'data.dispute.location.divisionCode'];

/**
 * The subscription's EventBridge rule pattern. Bus entries carry the whole CloudEvent as `detail`, so the hub
 * pattern moves under `detail`. A region becomes a prefix condition when that cannot change what the pattern means
 * (the pattern neither has its own top-level `$or` nor tests the region's fields); otherwise the rule matches a
 * little more and the delivery function, which filters every event again, drops the rest.
 */
export function busPatternOf(subscription: Pick<Subscription, 'pattern' | 'region'>): EventPattern {
  const detail: EventPattern = { ...subscription.pattern };
  const region = subscription.region;
  if (region && !('$or' in detail) && !leafPaths(detail).some((p) => regionPaths.includes(p))) {
    detail.$or = regionPaths.map((path) => nest(path.split('.'), [{ prefix: region }]));
  }
  return { source: [busEntrySource], detail };
}

function nest(steps: string[], leaf: unknown): EventPattern {
  const [head, ...rest] = steps;
  return { [head!]: rest.length ? nest(rest, leaf) : leaf };
}

function leafPaths(node: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(node).flatMap(([key, value]) => {
    if (key === '$or' && Array.isArray(value)) {
      return value.flatMap((branch) => (isObject(branch) ? leafPaths(branch, prefix) : []));
    }
    const path = prefix ? `${prefix}.${key}` : key;
    return isObject(value) ? leafPaths(value, path) : [path];
  });
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);
