import type { ConsumedRecord } from '../port/kafka-client.port';
import type { OutgoingRecord } from '../publish/bounded-send';

/** What a slice of one partition came to: the records to write, and the event ids to remember once committed. */
export interface PreparedSlice {
  readonly records: readonly OutgoingRecord[];
  readonly eventIds: readonly string[];
}

export interface ResumedPartition {
  readonly topic: string;
  readonly partition: number;
  readonly from: string;
}

/**
 * The stage's side of a transactional loop, whichever client runs it: decode, dispatch, dead-letter and
 * encode a slice (retriable failures thrown), and the duplicate window's bookkeeping around commits.
 *
 * The optional hooks serve a stage that keeps state across its transactions and runs under one fixed
 * transactional id, the audit writer (its chain heads, docs/adr/0010): a loop calls them around every
 * transaction and every claim of that id.
 */
export interface StageWork {
  prepare(topic: string, partition: number, slice: readonly ConsumedRecord[]): Promise<PreparedSlice>;
  /** The slice committed (the duplicate window learns its event ids). */
  committed?(topic: string, partition: number, prepared: PreparedSlice): void;
  /**
   * Partitions this process starts on again (assigned, or read again after an abort), each at its `from`.
   * A loop hands over every partition it resumes at once: a stage's work on each (the router reads its
   * duplicate window, a group join and a read) then overlaps instead of adding up while nothing is polled.
   */
  resumed?(partitions: readonly ResumedPartition[]): Promise<void>;
  log(entry: object): void;
  /** About to claim the fixed id (again); throws to stop instead, e.g. when another instance took it over. */
  claiming?(): Promise<void>;
  /** The fixed id is claimed (any other holder fenced, its open transaction ended) and the last commit settled. */
  claimed?(): Promise<void>;
  /** The transaction, with everything prepared for it, committed. */
  transactionCommitted?(): void;
  /** The transaction was aborted or never began; false when the stage must stop (fenced by another instance). */
  transactionAborted?(error: Error): boolean;
  /** Records due without any input (a checkpoint by time): asked every `idleEveryMs`, and once more at stop. */
  idle?(final: boolean): Promise<readonly OutgoingRecord[]>;
}

/** The end (exclusive) of a slice from `start`: at most `maxRecords` inputs and `maxBytes` of values, at least one. */
export const sliceEnd = (
  messages: readonly { readonly value?: Buffer | null }[],
  start: number,
  maxRecords: number,
  maxBytes: number,
): number => {
  let end = start;
  let bytes = 0;
  while (end < messages.length && end - start < maxRecords) {
    bytes += messages[end].value?.length ?? 0;
    if (end > start && bytes > maxBytes) break;
    end++;
  }
  return end;
};
