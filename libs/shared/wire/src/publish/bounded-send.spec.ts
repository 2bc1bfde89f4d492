import { CompressionTypes, Partitioners, type TopicMessages } from 'kafkajs';
import { sendBounded, type OutgoingRecord } from './bounded-send';
import { recordBytes } from './record-size';

const record = (
  topic: string,
  bytes: number,
  compression = CompressionTypes.LZ4,
  key = 'k',
  partition?: number,
): OutgoingRecord => ({
  topic,
  compression,
  message: { key, value: Buffer.alloc(bytes), ...(partition === undefined ? {} : { partition }) },
});
const threePartitions = async () => 3;

/** Records what each produce call would carry; sendBounded only needs sendBatch. */
const recorder = () => {
  const calls: { topicMessages: TopicMessages[]; compression?: CompressionTypes }[] = [];
  return {
    calls,
    sendBatch: async (batch: { topicMessages?: TopicMessages[]; compression?: CompressionTypes }) => {
      calls.push({ topicMessages: batch.topicMessages ?? [], compression: batch.compression });
      return [];
    },
  };
};

describe('sendBounded', () => {
  it('splits a backlog into calls that each stay within the budget, in order', async () => {
    const sender = recorder();
    const records = Array.from({ length: 2400 }, (_, i) => record(i % 2 ? 'a' : 'b', 1700));
    const { calls } = await sendBounded(sender, records, threePartitions, 1024 * 1024 - 64 * 1024);
    expect(calls).toBe(sender.calls.length);
    expect(sender.calls.length).toBeGreaterThan(3);
    for (const call of sender.calls) {
      const bytes = call.topicMessages.flatMap((t) => t.messages).reduce((n, m) => n + recordBytes(m as never), 0);
      expect(bytes).toBeLessThanOrEqual(1024 * 1024 - 64 * 1024);
    }
    const sent = sender.calls.flatMap((c) => c.topicMessages.flatMap((t) => t.messages));
    expect(sent).toHaveLength(2400);
  });

  it('sends a single record larger than the budget alone rather than dropping it', async () => {
    const sender = recorder();
    await sendBounded(sender, [record('a', 10), record('a', 5000), record('a', 10)], threePartitions, 1000);
    expect(sender.calls.map((c) => c.topicMessages[0].messages.length)).toEqual([1, 1, 1]);
  });

  it('never mixes codecs in one call, since kafkajs takes one per call', async () => {
    const sender = recorder();
    await sendBounded(
      sender,
      [record('a', 10), record('a', 10, CompressionTypes.GZIP), record('a', 10)],
      threePartitions,
    );
    expect(sender.calls.map((c) => c.compression)).toEqual([
      CompressionTypes.LZ4,
      CompressionTypes.GZIP,
      CompressionTypes.LZ4,
    ]);
  });

  it('reports where the first call’s first record landed, so a lost commit answer can be checked', async () => {
    let next = 40;
    const sender = {
      sendBatch: async (batch: { topicMessages?: TopicMessages[] }) =>
        (batch.topicMessages ?? []).map(({ topic, messages }) => {
          const baseOffset = String(next);
          next += messages.length;
          return { topicName: topic, partition: messages[0].partition ?? -1, errorCode: 0, baseOffset };
        }),
    };
    const report = await sendBounded(
      sender,
      [record('b', 10, CompressionTypes.LZ4, 'k', 1), record('a', 10)],
      threePartitions,
    );
    expect(report).toEqual({ calls: 2, first: { topic: 'b', partition: 1, offset: '40' } });
  });

  it('makes no call for nothing', async () => {
    const sender = recorder();
    expect(await sendBounded(sender, [], threePartitions)).toEqual({ calls: 0, first: undefined });
    expect(sender.calls).toHaveLength(0);
  });

  it('sends each call to one partition only, in each partition’s order, keyed records placed as kafkajs would', async () => {
    const sender = recorder();
    const records = Array.from({ length: 60 }, (_, i) =>
      record(i % 2 ? 'a' : 'b', 10, CompressionTypes.LZ4, `case-${i}`),
    );
    await sendBounded(sender, [...records, record('a', 10, CompressionTypes.LZ4, 'k', 2)], threePartitions);
    const placed = sender.calls.map((c) => {
      const partitions = new Set(c.topicMessages.flatMap((t) => t.messages.map((m) => `${t.topic}/${m.partition}`)));
      return [...partitions];
    });
    for (const partitions of placed) expect(partitions).toHaveLength(1);
    expect(new Set(placed.flat()).size).toBe(sender.calls.length);
    expect(sender.calls.length).toBeGreaterThan(2);
    // The same key always lands in the same partition, and order within a partition is kept.
    const partitioner = Partitioners.DefaultPartitioner();
    const partitionMetadata = [0, 1, 2].map((partitionId) => ({
      partitionErrorCode: 0,
      partitionId,
      leader: 0,
      replicas: [],
      isr: [],
    }));
    const keyed = sender.calls.flatMap((c) =>
      c.topicMessages.flatMap(({ topic, messages }) =>
        messages.filter((m) => m.key !== 'k').map((m) => ({ topic, m })),
      ),
    );
    expect(keyed.map(({ m }) => m.partition)).toEqual(
      keyed.map(({ topic, m }) => partitioner({ topic, partitionMetadata, message: { key: m.key, value: null } })),
    );
    const a = sender.calls.flatMap((c) => c.topicMessages.filter((t) => t.topic === 'a').flatMap((t) => t.messages));
    const firstOfA = records.filter((r) => r.topic === 'a').map((r) => r.message.key);
    expect(
      a
        .filter((m) => m.key !== 'k')
        .map((m) => m.key)
        .sort(),
    ).toEqual([...firstOfA].sort());
    expect(a.find((m) => m.key === 'k')?.partition).toBe(2);
  });
});
