import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NAMESPACE_ROOT } from './naming';
import { SCHEMA_DIR } from './schema-files';

/**
 * A role an office can have in the directory (roles.json: POLICE, JUGENDAMT, FAMILY_COURT, …). A string,
 * not a closed union: network partners are new roles in data, not new code.
 */
export type OfficeRole = string;

export interface EventType {
  /** URL-safe name used by the gateway and the producer library. */
  readonly name: string;
  readonly record: string;
  /** Logical ingest topic the agencies publish to. */
  readonly ingestTopic: string;
  /** Which office roles may send it; the sender office comes from the credential. */
  readonly senderRoles: readonly OfficeRole[];
  /** Where the router writes it with its decision, and as which wrapper record. */
  readonly routedTopic: string;
  readonly routedRecord: string;
}

/** Where offices' answers go in: read back by the delivery API to know what an office already said. */
export const ACKNOWLEDGEMENT_INGEST_TOPIC = 'ksb.ingest.acknowledgement';

interface EventTypeEntry {
  readonly name: string;
  readonly record: string;
  readonly senderRoles: readonly OfficeRole[];
  readonly routedRecord: string;
  readonly purpose: string;
}

/** Read once from schemas/event-types.json: event types are contract data, like the schemas beside them. */
export const EVENT_TYPES: readonly (EventType & { readonly purpose: string })[] = (
  JSON.parse(readFileSync(join(SCHEMA_DIR, 'event-types.json'), 'utf8')) as { eventTypes: EventTypeEntry[] }
).eventTypes.map((t) => ({
  name: t.name,
  record: `${NAMESPACE_ROOT}.${t.record}`,
  ingestTopic: `ksb.ingest.${t.name}`,
  senderRoles: t.senderRoles,
  routedTopic: `ksb.routed.${t.name}`,
  routedRecord: `${NAMESPACE_ROOT}.${t.routedRecord}`,
  purpose: t.purpose,
}));

export const findEventType = (name: string): EventType | undefined => EVENT_TYPES.find((t) => t.name === name);

/** An event type the code relies on by name (the three the cooperation agreements start with); fails at load if gone. */
export const eventType = (name: string): EventType => {
  const found = findEventType(name);
  if (!found) throw new Error(`event type ${name} is not in schemas/event-types.json`);
  return found;
};
