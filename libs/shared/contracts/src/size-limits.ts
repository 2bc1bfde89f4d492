/**
 * One declaration of every size limit on the bridge's path (docs/adr/0012-never-stop-silently.md). The
 * gateway's body limit, each topic's `max.message.bytes`, the size check of the producer library and the
 * largest routed, delivered, dead-letter and audit record are all derived from these figures, so an event
 * that the gateway or the producer library accepts can be carried through every hop.
 */
const KIB = 1024;

/** The largest agency event: the value of an ingest record (Avro with its Confluent frame). Notifications are a few KB. */
export const MAX_EVENT_BYTES = 512 * KIB;

/**
 * Key, headers and record framing of any bridge record. Header values are ids, codes and versions, and a
 * dead letter's exception message is cut to DEAD_LETTER_MESSAGE_CHARS, so 16 KiB is generous.
 */
export const MAX_RECORD_OVERHEAD_BYTES = 16 * KIB;

/**
 * What sealing under a case key adds to a value (ADR 0023): magic, version, the key id (at most 255 bytes),
 * IV and tag. An agency's event is held to MAX_EVENT_BYTES as framed, before it is sealed.
 */
export const MAX_SEAL_OVERHEAD_BYTES = 4 + 2 + 255 + 12 + 16;

/** What a routing decision adds to the event it carries (recipients, rules, legal bases, explanation). */
export const MAX_DECISION_BYTES = 64 * KIB;

/** A dead letter's exception message is ours (paths and ids), but cut so it can never crowd out the record. */
export const DEAD_LETTER_MESSAGE_CHARS = 2000;

/**
 * The most a topic's record batch may be: Kafka's default `message.max.bytes` (1 MiB + 12) rounded down, so
 * the bridge runs on a broker with default settings.
 */
export const MAX_BATCH_BYTES = 1024 * KIB;

/** The largest record of each kind the bridge writes (value + key + headers + framing). */
export const RECORD_LIMITS = {
  ingest: MAX_EVENT_BYTES + MAX_RECORD_OVERHEAD_BYTES,
  /** The event plus its decision. */
  routed: MAX_EVENT_BYTES + MAX_DECISION_BYTES + MAX_RECORD_OVERHEAD_BYTES,
  /** A recipient's view is a projection of the event, never larger than event plus decision. */
  delivery: MAX_EVENT_BYTES + MAX_DECISION_BYTES + MAX_RECORD_OVERHEAD_BYTES,
  /** The original bytes of any input (at most a routed record) plus the reason headers. */
  deadLetter: MAX_EVENT_BYTES + MAX_DECISION_BYTES + 2 * MAX_RECORD_OVERHEAD_BYTES,
  /** Ids, codes, versions and hashes only. */
  audit: MAX_RECORD_OVERHEAD_BYTES * 4,
} as const;

/**
 * The most one produce call of a transaction may carry. Every single record above fits, and no partition's
 * batch can exceed MAX_BATCH_BYTES, however large the backlog a stage works through.
 */
export const PRODUCE_CALL_BUDGET_BYTES = MAX_BATCH_BYTES - 64 * KIB;

/** Input records a stage takes into one transaction: bounds its duration and its output in records. */
export const TRANSACTION_MAX_INPUT_RECORDS = 500;

/** Input bytes a stage takes into one transaction. */
export const TRANSACTION_MAX_INPUT_BYTES = 2 * MAX_BATCH_BYTES;

/**
 * The HTTP body the gateway reads. JSON is larger than the Avro it becomes (escapes, field names), so the
 * body may be larger than MAX_EVENT_BYTES; the encoded event is then held to MAX_EVENT_BYTES itself.
 */
export const GATEWAY_BODY_LIMIT_BYTES = 4 * MAX_EVENT_BYTES;

/** Identifiers (event, correlation, causation and office ids) a sender may pass. */
export const MAX_IDENTIFIER_CHARS = 128;

/** JSON nesting the gateway accepts; the deepest event schema nests five levels. */
export const MAX_JSON_DEPTH = 32;

const exceeds = (invariant: boolean, what: string) => {
  if (!invariant) throw new Error(`size limits are inconsistent: ${what}`);
};
exceeds(RECORD_LIMITS.deadLetter <= PRODUCE_CALL_BUDGET_BYTES, 'a dead letter must fit in one produce call');
exceeds(RECORD_LIMITS.routed <= PRODUCE_CALL_BUDGET_BYTES, 'a routed record must fit in one produce call');
exceeds(PRODUCE_CALL_BUDGET_BYTES < MAX_BATCH_BYTES, 'a produce call must fit in a batch');
