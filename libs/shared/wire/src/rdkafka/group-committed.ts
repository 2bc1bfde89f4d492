import type { KafkaConsumer } from '@confluentinc/kafka-javascript';
import { asError } from './rdkafka-config';
import type { PartitionOffset } from './unsettled-rewinds';

/**
 * The group's committed offsets of these partitions. Under read_committed librdkafka asks for stable ones
 * (KIP-447): while a transaction holding offsets for them is open, the broker answers "retry", not the old offset.
 */
export const groupCommitted = (
  consumer: KafkaConsumer,
  partitions: readonly { topic: string; partition: number }[],
  timeoutMs: number,
): Promise<PartitionOffset[]> =>
  new Promise((resolve, reject) =>
    consumer.committed([...partitions], timeoutMs, (error, committed) =>
      error
        ? reject(asError(error))
        : resolve(committed.map(({ topic, partition, offset }) => ({ topic, partition, offset }))),
    ),
  );
