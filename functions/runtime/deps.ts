/** Everything the core needs, passed in: each runtime (AWS, local) builds one of these at its composition root. */
import type { AdapterRegistry } from '../../adapters/registry.js';
import type { HubStore } from '../store/hub-store.js';
import type { BlindIndexer, Clock, EventBus, LiveEvents, Queue } from './ports.js';

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
}
