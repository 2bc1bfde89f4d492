import { Partitioners, type CompressionTypes, type Message, type Sender, type TopicMessages } from 'kafkajs';
import { PRODUCE_CALL_BUDGET_BYTES } from '@ksb/contracts';
import { BATCH_HEADER_BYTES, recordBytes } from './record-size';

export interface OutgoingRecord {
  readonly topic: string;
  readonly compression: CompressionTypes;
  readonly message: Message & { value: Buffer | null };
}

/** Where a record landed: read back later, it tells whether the transaction that wrote it committed. */
export interface LandedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export interface SendReport {
  /** Produce calls made. */
  readonly calls: number;
  /** Where the first record landed (absent when nothing was sent or the broker named no offset). */
  readonly first?: LandedRecord;
}

/** How many partitions a topic has (Wire.partitionCount): needed to place keyed records the way kafkajs would. */
export type PartitionCount = (topic: string) => Promise<number>;

/**
 * Writes what a transaction produces in produce calls that each go to exactly one partition and carry at
 * most `budget` bytes (before compression), one call after another, partitions in order of first record.
 *
 * - One partition per call: kafkajs sends a call's partitions to their leaders in parallel and, when one
 *   leader fails, retries the call; it then resent records another leader had already written, with new
 *   sequence numbers, so the broker kept both copies (byte-identical audit records twice in one transaction,
 *   seen on the three-node cluster). A call to one leader either failed whole (its sequence numbers are
 *   reused, and the broker drops a copy) or succeeded.
 * - Bounded: kafkajs puts all of a call's records for one partition into one batch and never splits it, so a
 *   backlog written in one call exceeded the broker's limit and MESSAGE_TOO_LARGE stopped the stage.
 *
 * Keyed records without a partition are placed by kafkajs's own (Java-compatible) partitioner, so a case
 * key lands where any other producer would put it.
 */
export const sendBounded = async (
  sender: Pick<Sender, 'sendBatch'>,
  records: readonly OutgoingRecord[],
  partitionCount: PartitionCount,
  budget = PRODUCE_CALL_BUDGET_BYTES,
): Promise<SendReport> => {
  const placed = await place(records, partitionCount);
  let calls = 0;
  let first: LandedRecord | undefined;
  for (const group of placed.values()) {
    let call: OutgoingRecord[] = [];
    let bytes = 0;
    const flush = async () => {
      if (call.length === 0) return;
      const [landed] = await sender.sendBatch({
        topicMessages: byTopic(call),
        acks: -1,
        compression: call[0].compression,
      });
      if (calls === 0 && landed?.baseOffset !== undefined)
        first = { topic: landed.topicName, partition: landed.partition, offset: landed.baseOffset };
      calls++;
      call = [];
      bytes = 0;
    };
    for (const record of group) {
      const size = recordBytes(record.message) + BATCH_HEADER_BYTES;
      if (call.length > 0 && (bytes + size > budget || record.compression !== call[0].compression)) await flush();
      call.push(record);
      bytes += size;
    }
    await flush();
  }
  return { calls, first };
};

/** The records per topic-partition, in their order; every record gets its partition explicitly. */
const place = async (records: readonly OutgoingRecord[], partitionCount: PartitionCount) => {
  const partitioner = Partitioners.DefaultPartitioner();
  const counts = new Map<string, number>();
  const groups = new Map<string, OutgoingRecord[]>();
  for (const record of records) {
    let partition = record.message.partition;
    if (partition === undefined) {
      const count = counts.get(record.topic) ?? (await partitionCount(record.topic));
      counts.set(record.topic, count);
      const partitionMetadata = Array.from({ length: count }, (_, partitionId) => ({
        partitionErrorCode: 0,
        partitionId,
        leader: 0,
        replicas: [],
        isr: [],
      }));
      partition = partitioner({ topic: record.topic, partitionMetadata, message: record.message });
    }
    const key = `${record.topic}\u0000${partition}`;
    const group = groups.get(key) ?? [];
    group.push({ ...record, message: { ...record.message, partition } });
    groups.set(key, group);
  }
  return groups;
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
