import { isKafkaErrorType, isProducerFenced, isTakenOver, isUnexplainedFatal } from '@ksb/wire';

/**
 * For this long after the writer could not reach Kafka, CONCURRENT_TRANSACTIONS is read as the coordinator
 * finishing the transaction that was open when the broker went, not as a newer writer's claim. Watching for
 * a newer writer then held every batch for 20 s at a time while the broker came back (a broker-restart test
 * in CI saw the audit trail fall more than a minute behind the deliveries).
 */
export const RECOVERY_WINDOW_MS = 60_000;

/** What a failed audit transaction means for the writer. */
export type FailedTransaction =
  /** Another writer holds the id now: stop, never claim it back. */
  | 'fenced'
  /** Perhaps another writer's claim aborted it: look for that writer in the group before claiming again. */
  | 'watch-for-newer-writer'
  /** Kafka was away or slow: claim again at once. */
  | 'claim-again';

/**
 * A newer writer's claim can also reach this one as UNKNOWN_SERVER_ERROR: Kafka 4 verifies a transaction's
 * partitions with the coordinator (KIP-890) and answers a client as old as kafkajs so when the epoch moved on.
 * Claiming again at once on it fenced the newer writer (npm test, audit-writer-single: the first writer took
 * the chain back and the second stopped). It is as ambiguous as CONCURRENT_TRANSACTIONS and read the same way.
 */
const isUnknownServerError = (error: unknown): boolean => isKafkaErrorType(error, 'UNKNOWN_SERVER_ERROR');

/**
 * On librdkafka a newer writer's claim during this one's commit came back as "EndTxn commit failed: Unknown
 * broker error", and every later call as ERR__FATAL; claiming again on that fenced the newer writer (npm test,
 * audit-writer-single on librdkafka). Both are read as the ambiguous errors above.
 */
const isAmbiguous = (error: unknown): boolean =>
  isTakenOver(error) || isUnknownServerError(error) || isUnexplainedFatal(error);

/**
 * Tells a newer writer's claim from a broker that is coming back. Both abort the open transaction with
 * CONCURRENT_TRANSACTIONS (or UNKNOWN_SERVER_ERROR); only the second follows a failure to reach Kafka.
 */
export class TakeoverSuspicion {
  private troubleAt = Number.NEGATIVE_INFINITY;

  failed(error: unknown, now: number): FailedTransaction {
    if (isProducerFenced(error)) return 'fenced';
    if (!isAmbiguous(error)) {
      this.troubleAt = now;
      return 'claim-again';
    }
    return now - this.troubleAt > RECOVERY_WINDOW_MS ? 'watch-for-newer-writer' : 'claim-again';
  }
}
