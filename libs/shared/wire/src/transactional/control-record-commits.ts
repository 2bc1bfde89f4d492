import type { ConsumedBatch, ConsumerHandle } from '../port/kafka-client.port';
import type { CommittedOffsets } from './committed-offsets';

/**
 * A transactional upstream leaves a commit marker after its records. A consumer that commits "last record
 * + 1" stays one offset short of the log end for good, and a lag monitor shows it as behind (a false STALL).
 * This commits past markers: in a batch, up to the batch's last offset (markers included); for a batch of
 * markers only (which kafkajs never hands to eachBatch), with a plain commit, serialised per partition
 * before the partition's next transaction so it can never overtake a transactional commit. A batch fetched
 * from a stale position (a consumer restarted on an offset read before this process's last commit showed)
 * is never committed: a plain commit below a transactional one would move the group back, and whoever
 * takes the partition over next would process those records again.
 */
export class ControlRecordCommits {
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly consumer: ConsumerHandle,
    private readonly committed: CommittedOffsets,
  ) {
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.batchSize !== 0) return;
      const key = `${payload.topic}:${payload.partition}`;
      const offset = String(BigInt(payload.lastOffset) + 1n);
      if (!this.committed.isAhead(payload.topic, payload.partition, offset)) return;
      const commit = (this.pending.get(key) ?? Promise.resolve())
        .then(() => this.consumer.commitOffsets([{ topic: payload.topic, partition: payload.partition, offset }]))
        // A failed marker commit only leaves the offset one short until the next record; never fatal.
        .catch(() => undefined);
      this.pending.set(key, commit);
    });
  }

  /** Await before a partition's next transaction. */
  settled(topic: string, partition: number): Promise<void> {
    return this.pending.get(`${topic}:${partition}`) ?? Promise.resolve();
  }
}

/** The offset to commit after processing a batch: past trailing markers when every record was processed. */
export const nextOffset = (batch: ConsumedBatch, lastProcessed: string, processedAll: boolean): string => {
  const afterProcessed = BigInt(lastProcessed) + 1n;
  if (!processedAll) return String(afterProcessed);
  const afterBatch = BigInt(batch.lastOffset()) + 1n;
  return String(afterBatch > afterProcessed ? afterBatch : afterProcessed);
};
