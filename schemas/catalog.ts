/** The published contract: every canonical and event JSON Schema, loaded once, for ajv and for GET /v1/schemas. */
import dispute from './entities/dispute.schema.json' with { type: 'json' };
import identifiers from './entities/identifiers.schema.json' with { type: 'json' };
import location from './entities/location.schema.json' with { type: 'json' };
import organization from './entities/organization.schema.json' with { type: 'json' };
import person from './entities/person.schema.json' with { type: 'json' };
import report from './entities/report.schema.json' with { type: 'json' };
import cloudevent from './events/cloudevent.schema.json' with { type: 'json' };
import disputeChanged from './events/dispute-changed.schema.json' with { type: 'json' };
import disputeOverdue from './events/dispute-overdue.schema.json' with { type: 'json' };
import entitiesMerged from './events/entities-merged.schema.json' with { type: 'json' };
import entitySplit from './events/entity-split.schema.json' with { type: 'json' };
import personChanged from './events/person-changed.schema.json' with { type: 'json' };
import recordQuarantined from './events/record-quarantined.schema.json' with { type: 'json' };
import riskRaised from './events/risk-raised.schema.json' with { type: 'json' };

export interface SchemaEntry {
  /** Short name used in URLs: `GET /v1/schemas/{name}`. */
  readonly name: string;
  readonly group: 'entities' | 'events';
  readonly schema: { $id: string; title: string; [key: string]: unknown };
}

export const schemaCatalog: readonly SchemaEntry[] = [
  { name: 'location', group: 'entities', schema: location },
  { name: 'identifiers', group: 'entities', schema: identifiers },
  { name: 'report', group: 'entities', schema: report },
  { name: 'dispute', group: 'entities', schema: dispute },
  { name: 'person', group: 'entities', schema: person },
  { name: 'organization', group: 'entities', schema: organization },
  { name: 'cloudevent', group: 'events', schema: cloudevent },
  { name: 'dispute-changed', group: 'events', schema: disputeChanged },
  { name: 'person-changed', group: 'events', schema: personChanged },
  { name: 'entities-merged', group: 'events', schema: entitiesMerged },
  { name: 'entity-split', group: 'events', schema: entitySplit },
  { name: 'dispute-overdue', group: 'events', schema: disputeOverdue },
  { name: 'risk-raised', group: 'events', schema: riskRaised },
  { name: 'record-quarantined', group: 'events', schema: recordQuarantined },
];

/** Schema `$id`s by short name, for code that needs a validator or a `dataschema` URI. */
export const schemaIds = Object.fromEntries(schemaCatalog.map((e) => [e.name, e.schema.$id])) as Record<
  string,
  string
>;
