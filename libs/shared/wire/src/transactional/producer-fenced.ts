/**
 * Whether a transactional producer lost its id to another instance. Such a producer must stop, never retry:
 * retrying would claim the id back and the two instances would fence each other in turn.
 *
 * kafkajs 2.2 knows INVALID_PRODUCER_EPOCH and TRANSACTION_COORDINATOR_FENCED by name but not
 * PRODUCER_FENCED (error code 90, what Kafka 3 and later answer), which it reports as "Unknown error
 * code 90"; and it wraps the protocol error in retry errors (cause) or aggregates (errors). librdkafka names
 * no type but gives the code (RDKAFKA_TYPES).
 */
const FENCED_TYPES = new Set(['PRODUCER_FENCED', 'INVALID_PRODUCER_EPOCH', 'TRANSACTION_COORDINATOR_FENCED']);
const PRODUCER_FENCED_CODE = 90;
/** librdkafka's producer stopped for good (ERR__FATAL) without saying why. */
const RDKAFKA_FATAL = 'RDKAFKA_FATAL';
/** librdkafka's codes: the protocol's, or its own (negative) for what it decides itself. */
const RDKAFKA_TYPES = new Map<number, string>([
  [-1, 'UNKNOWN_SERVER_ERROR'],
  [47, 'INVALID_PRODUCER_EPOCH'],
  [51, 'CONCURRENT_TRANSACTIONS'],
  [52, 'TRANSACTION_COORDINATOR_FENCED'],
  [PRODUCER_FENCED_CODE, 'PRODUCER_FENCED'],
  [-144, 'PRODUCER_FENCED'],
  [-150, RDKAFKA_FATAL],
]);

export const isProducerFenced = (error: unknown): boolean => typeIn(error, FENCED_TYPES, 0);

/**
 * Fenced, or its open transaction was aborted by the coordinator while it went on (CONCURRENT_TRANSACTIONS after
 * kafkajs's retries) — which is what a second instance's claim does to it, but also what a lone producer meets
 * now and then: the caller looks whether another instance is there before it claims the id back.
 */
export const isTakenOver = (error: unknown): boolean =>
  isProducerFenced(error) || typeIn(error, new Set(['CONCURRENT_TRANSACTIONS']), 0);

/** A Kafka error of this protocol type, however deep kafkajs wrapped it (retries, causes, batches). */
export const isKafkaErrorType = (error: unknown, type: string): boolean => typeIn(error, new Set([type]), 0);

/**
 * librdkafka's transactional producer failed for good without naming a cause (ERR__FATAL): after a newer
 * instance's claim it is what every later call answers, so it is as ambiguous as CONCURRENT_TRANSACTIONS.
 */
export const isUnexplainedFatal = (error: unknown): boolean => isKafkaErrorType(error, RDKAFKA_FATAL);

const typeIn = (error: unknown, types: ReadonlySet<string>, depth: number): boolean => {
  if (!error || typeof error !== 'object' || depth > 8) return false;
  const e = error as {
    type?: unknown;
    code?: unknown;
    isFatal?: unknown;
    message?: unknown;
    cause?: unknown;
    originalError?: unknown;
    errors?: unknown;
  };
  if (typeof e.type === 'string' && types.has(e.type)) return true;
  // librdkafka's errors carry isFatal; kafkajs's never do (their numeric code goes with a type).
  if (typeof e.isFatal === 'boolean' && types.has(RDKAFKA_TYPES.get(e.code as number) ?? '')) return true;
  if (
    types === FENCED_TYPES &&
    typeof e.message === 'string' &&
    new RegExp(`Unknown error code ${PRODUCER_FENCED_CODE}\\b`).test(e.message)
  )
    return true;
  const inner = [e.cause, e.originalError, ...(Array.isArray(e.errors) ? e.errors : [])];
  return inner.some((i) => i !== error && typeIn(i, types, depth + 1));
};
