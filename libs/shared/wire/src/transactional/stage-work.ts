import type { ConsumedRecord } from '../port/kafka-client.port';
import type { OutgoingRecord } from '../publish/bounded-send';

/** What a slice of one partition came to: the records to write, and the event ids to remember once committed. */
export interface PreparedSlice {
  readonly records: readonly OutgoingRecord[];
  readonly eventIds: readonly string[];
}

/**
 * The stage's side of a transactional loop, whichever client runs it: decode, dispatch, dead-letter and
 * encode a slice (retriable failures thrown), and the duplicate window's bookkeeping around commits.
 */
export interface StageWork {
  prepare(topic: string, partition: number, slice: readonly ConsumedRecord[]): Promise<PreparedSlice>;
  committed(topic: string, partition: number, prepared: PreparedSlice): void;
  /** A partition this process starts on again (assigned, or read again after an abort), at `from`. */
  resumed(topic: string, partition: number, from: string): Promise<void>;
  log(entry: object): void;
}
