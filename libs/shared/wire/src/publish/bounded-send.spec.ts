import { CompressionTypes, type TopicMessages } from 'kafkajs';
import { sendBounded, type OutgoingRecord } from './bounded-send';
import { recordBytes } from './record-size';

const record = (topic: string, bytes: number, compression = CompressionTypes.LZ4): OutgoingRecord => ({
  topic,
  compression,
  message: { key: 'k', value: Buffer.alloc(bytes) },
});

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
    const calls = await sendBounded(sender, records, 1024 * 1024 - 64 * 1024);
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
    await sendBounded(sender, [record('a', 10), record('a', 5000), record('a', 10)], 1000);
    expect(sender.calls.map((c) => c.topicMessages[0].messages.length)).toEqual([1, 1, 1]);
  });

  it('never mixes codecs in one call, since kafkajs takes one per call', async () => {
    const sender = recorder();
    await sendBounded(sender, [record('a', 10), record('b', 10, CompressionTypes.GZIP), record('a', 10)]);
    expect(sender.calls.map((c) => c.compression)).toEqual([
      CompressionTypes.LZ4,
      CompressionTypes.GZIP,
      CompressionTypes.LZ4,
    ]);
  });

  it('makes no call for nothing', async () => {
    const sender = recorder();
    expect(await sendBounded(sender, [])).toBe(0);
    expect(sender.calls).toHaveLength(0);
  });
});
