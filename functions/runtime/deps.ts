/** Everything the core needs, passed in: each runtime (AWS, local) builds one of these at its composition root. */
import type { AdapterRegistry } from '../../adapters/registry.js';
import type { DeliveryPolicy } from '../events/delivery-policy.js';
import type { WebhookAllowlist } from '../events/ssrf-guard.js';
import type { HubStore } from '../store/hub-store.js';
import type {
  BlindIndexer,
  Clock,
  DeliveryWakeups,
  EventBus,
  HostResolver,
  LiveEvents,
  Queue,
  SubscriberQueues,
  SubscriptionRules,
  WebhookSender,
} from './ports.js';

export interface HubDeps {
  store: HubStore;
  queue: Queue;
  bus: EventBus;
  clock: Clock;
  blindIndexer: BlindIndexer;
  adapters: AdapterRegistry;
  /** CloudEvents `source` of this hub instance, e.g. `urn:qiao:hub:local`. */
  eventSource: string;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Present where the process itself publishes events (the local runtime), so streams wake at once. */
  liveEvents?: LiveEvents;
  /** Subscriptions and their delivery; where absent (a bare test setup) the subscription API is not mounted. */
  delivery?: DeliveryDeps;
}

/** What subscriptions and event delivery need, built by each runtime. */
export interface DeliveryDeps {
  rules: SubscriptionRules;
  wakeups: DeliveryWakeups;
  webhooks: WebhookSender;
  resolver: HostResolver;
  /** Hosts and networks webhooks may reach although private (QIAO_WEBHOOK_ALLOWLIST). */
  allowlist: WebhookAllowlist;
  policy: DeliveryPolicy;
  /** The longest wait for a webhook receiver's answer. */
  webhookTimeoutMs: number;
  /** Present where SQS targets can be served (AWS). */
  subscriberQueues?: SubscriberQueues;
  /** Jitter source; tests pass a fixed one. */
  random?: () => number;
}
