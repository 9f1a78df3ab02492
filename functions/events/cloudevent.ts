/**
 * The CloudEvents 1.0 envelope of every hub event, with the `sequence` extension (per-subject version) and a stable
 * id derived from subject, sequence and type, so a redelivered or re-committed event is recognisably the same.
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md
 */

import { schemaIds } from '../../schemas/catalog.js';
import type { QiaoCloudEvent } from '../../schemas/generated/types.js';

export type EventType = QiaoCloudEvent['type'];

export interface EventInput {
  type: EventType;
  subject: string;
  sequence: number;
  time: Date;
  source: string;
  /** Short name of the schema of `data` in the catalog (`dispute-changed`, …). */
  dataSchema: string;
  data: Record<string, unknown>;
  divisionCode?: string;
}

export const formatSequence = (n: number) => String(n).padStart(12, '0');

export function buildEvent(input: EventInput): QiaoCloudEvent {
  const sequence = formatSequence(input.sequence);
  const dataschema = schemaIds[input.dataSchema];
  if (!dataschema) throw new Error(`unknown event data schema "${input.dataSchema}"`);
  return {
    specversion: '1.0',
    id: `${input.subject}.${sequence}.${input.type.slice('qiao.'.length)}`,
    source: input.source,
    type: input.type,
    subject: input.subject,
    time: input.time.toISOString(),
    datacontenttype: 'application/json',
    dataschema,
    sequence,
    ...(input.divisionCode ? { divisioncode: input.divisionCode } : {}),
    data: input.data,
  };
}
