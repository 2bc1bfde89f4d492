import type { Wire } from '../wire';
import { clientOf } from '../internal/client-of';
import type { ConsumedRecord } from '../port/kafka-client.port';

const DISCONNECT_WAIT_MS = 5000;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Offsets [from, to) of one partition; `to` is usually the high watermark read before the range is asked for. */
export interface PartitionRange {
  readonly partition: number;
  readonly from: string;
  readonly to: string;
}

export interface ReadRangeOptions {
  /** Called per fetched batch, in offset order per partition, each message exactly once. */
  readonly onMessages: (partition: number, messages: ConsumedRecord[]) => void | Promise<void>;
  /** Gives up if the ranges are not read by then (a broker gone away must not hang an auditor's run). */
  readonly timeoutMs?: number;
}

/**
 * Reads fixed offset ranges of one topic with read_committed and stops at their ends. A range may end in
 * transaction markers, which are never delivered as messages: kafkajs's end-of-batch event reports the
 * offset it reached, markers included, and that decides when a partition is done. No offsets are committed.
 */
export const readRange = async (
  wire: Wire,
  topic: string,
  ranges: readonly PartitionRange[],
  options: ReadRangeOptions,
): Promise<void> => {
  const pending = new Map(ranges.filter((r) => BigInt(r.from) < BigInt(r.to)).map((r) => [r.partition, r]));
  if (pending.size === 0) return;
  const next = new Map([...pending.values()].map((r) => [r.partition, BigInt(r.from)]));
  const consumer = clientOf(wire).consumer({
    groupId: wire.groupIdFor('reader'),
    readUncommitted: false,
    allowAutoTopicCreation: false,
    maxBytesPerPartition: 8 * 1024 * 1024,
    maxBytes: 32 * 1024 * 1024,
    maxWaitTimeInMs: 100,
    // A crash ends the read with its error and the caller decides (the writer claims again, the router's
    // batch is retried). kafkajs's own restart would run after this function has disconnected the consumer,
    // and its failing join (a coordinator still loading after a broker restart) was an unhandled rejection
    // that ended the audit writer's process.
    retry: { restartOnFailure: async () => false },
  });
  let settle!: (error?: Error) => void;
  const finished = new Promise<void>((resolve, reject) => {
    settle = (error) => (error ? reject(error) : resolve());
  });
  // A crash while run() is still joining (a coordinator loading after a broker restart) rejects this before
  // anything awaits it, and the seek below then throws instead: unhandled, that rejection ended the router's
  // process (fault suite, leader SIGKILL). The caller still gets the error from whichever comes first.
  finished.catch(() => undefined);
  const reached = (partition: number, lastOffset: string) => {
    const range = pending.get(partition);
    if (range && BigInt(lastOffset) + 1n >= BigInt(range.to)) {
      pending.delete(partition);
      if (pending.size === 0) settle();
    }
  };
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    if (payload.topic === topic) reached(payload.partition, payload.lastOffset);
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => settle(payload.error));
  const timer = setTimeout(
    () => settle(new Error(`reading ${topic} timed out with partitions ${[...pending.keys()].join(',')} unfinished`)),
    options.timeoutMs ?? 10 * 60_000,
  );
  const reading = async () => {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const range = pending.get(batch.partition);
        const from = next.get(batch.partition);
        if (!range || from === undefined) return;
        const to = BigInt(range.to);
        // Until the seek below takes effect a fetch may start elsewhere: only the next expected offsets count.
        const messages = batch.messages.filter((m) => {
          const offset = BigInt(m.offset);
          return offset >= from && offset < to;
        });
        if (messages.length === 0) return;
        next.set(batch.partition, BigInt(messages[messages.length - 1].offset) + 1n);
        await options.onMessages(batch.partition, messages);
      },
    });
    for (const range of pending.values()) consumer.seek({ topic, partition: range.partition, offset: range.from });
    await finished;
  };
  try {
    // The time-out bounds the whole read, joining included: after a broker restart kafkajs's connect and
    // group join could wait past it, and a router recalling its duplicate window there sat silent for over
    // 80 s and would not stop (CI of 2026-12-07).
    const read = reading();
    read.catch(() => undefined);
    await Promise.race([read, finished]);
  } finally {
    clearTimeout(timer);
    // A consumer still joining may not leave quickly either: the caller is not held up by its goodbye.
    await Promise.race([consumer.disconnect().catch(() => undefined), delay(DISCONNECT_WAIT_MS)]);
  }
};

/** Low and high watermark of every partition. */
export const partitionBounds = (wire: Wire, topic: string): Promise<PartitionRange[]> =>
  wire.withAdmin(async (admin) =>
    (await admin.fetchTopicOffsets(topic))
      .map((p) => ({ partition: p.partition, from: p.low, to: p.high }))
      .sort((a, b) => a.partition - b.partition),
  );

/** Per partition, the first offset whose timestamp is at or after `at` (the high watermark if none). */
export const offsetsAt = async (wire: Wire, topic: string, at: Date): Promise<Map<number, string>> =>
  wire.withAdmin(
    async (admin) =>
      new Map(
        (await admin.fetchTopicOffsetsByTimestamp(topic, at.getTime())).map((p) => [p.partition, p.offset] as const),
      ),
  );
