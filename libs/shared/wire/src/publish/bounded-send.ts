import type { CompressionTypes, Message, Sender, TopicMessages } from 'kafkajs';
import { PRODUCE_CALL_BUDGET_BYTES } from '@ksb/contracts';
import { BATCH_HEADER_BYTES, recordBytes } from './record-size';

export interface OutgoingRecord {
  readonly topic: string;
  readonly compression: CompressionTypes;
  readonly message: Message & { value: Buffer | null };
}

/**
 * Splits what a transaction writes into produce calls of at most `budget` bytes (before compression).
 * kafkajs puts all of a call's records for one partition into one batch and never splits it, so a backlog
 * written in one call exceeded the broker's limit and MESSAGE_TOO_LARGE stopped the stage. Calls are made
 * one after another, in order, inside the caller's transaction.
 */
export const sendBounded = async (
  sender: Pick<Sender, 'sendBatch'>,
  records: readonly OutgoingRecord[],
  budget = PRODUCE_CALL_BUDGET_BYTES,
): Promise<number> => {
  let calls = 0;
  let call: OutgoingRecord[] = [];
  let bytes = 0;
  const flush = async () => {
    if (call.length === 0) return;
    await sender.sendBatch({ topicMessages: byTopic(call), acks: -1, compression: call[0].compression });
    calls++;
    call = [];
    bytes = 0;
  };
  for (const record of records) {
    const size = recordBytes(record.message) + BATCH_HEADER_BYTES;
    if (call.length > 0 && (bytes + size > budget || record.compression !== call[0].compression)) await flush();
    call.push(record);
    bytes += size;
  }
  await flush();
  return calls;
};

const byTopic = (records: readonly OutgoingRecord[]): TopicMessages[] => {
  const topics = new Map<string, Message[]>();
  for (const { topic, message } of records) {
    const messages = topics.get(topic) ?? [];
    messages.push(message);
    topics.set(topic, messages);
  }
  return [...topics].map(([topic, messages]) => ({ topic, messages }));
};
