/**
 * Whether a transactional producer lost its id to another instance. Such a producer must stop, never retry:
 * retrying would claim the id back and the two instances would fence each other in turn.
 *
 * kafkajs 2.2 knows INVALID_PRODUCER_EPOCH and TRANSACTION_COORDINATOR_FENCED by name but not
 * PRODUCER_FENCED (error code 90, what Kafka 3 and later answer), which it reports as "Unknown error
 * code 90"; and it wraps the protocol error in retry errors (cause) or aggregates (errors).
 */
const FENCED_TYPES = new Set(['PRODUCER_FENCED', 'INVALID_PRODUCER_EPOCH', 'TRANSACTION_COORDINATOR_FENCED']);
const PRODUCER_FENCED_CODE = 90;

export const isProducerFenced = (error: unknown): boolean => fencedIn(error, 0);

const fencedIn = (error: unknown, depth: number): boolean => {
  if (!error || typeof error !== 'object' || depth > 8) return false;
  const e = error as { type?: unknown; message?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown };
  if (typeof e.type === 'string' && FENCED_TYPES.has(e.type)) return true;
  if (typeof e.message === 'string' && new RegExp(`Unknown error code ${PRODUCER_FENCED_CODE}\\b`).test(e.message))
    return true;
  const inner = [e.cause, e.originalError, ...(Array.isArray(e.errors) ? e.errors : [])];
  return inner.some((i) => i !== error && fencedIn(i, depth + 1));
};
