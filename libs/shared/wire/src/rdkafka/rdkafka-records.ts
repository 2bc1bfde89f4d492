import type { Message } from '@confluentinc/kafka-javascript';
import type { RawHeaders } from '../headers/standard-headers';
import type { ConsumedRecord } from '../port/kafka-client.port';

export interface PartitionPart {
  readonly topic: string;
  readonly partition: number;
  readonly messages: Message[];
}

/** A poll's messages by partition, each in offset order, partitions in the order they first appear. */
export const byPartition = (messages: readonly Message[]): PartitionPart[] => {
  const parts = new Map<string, PartitionPart>();
  for (const message of messages) {
    const key = `${message.topic}:${message.partition}`;
    let part = parts.get(key);
    if (!part) parts.set(key, (part = { topic: message.topic, partition: message.partition, messages: [] }));
    part.messages.push(message);
  }
  return [...parts.values()];
};

/** librdkafka's message as the wire's ConsumedRecord: repeated headers become arrays, as kafkajs gives them. */
export const consumedRecord = (message: Message): ConsumedRecord => {
  const headers: RawHeaders = {};
  for (const header of message.headers ?? [])
    for (const [k, v] of Object.entries(header)) {
      const before = headers[k];
      headers[k] = before === undefined ? v : [...(Array.isArray(before) ? before : [before]), v];
    }
  return {
    key: message.key === undefined || message.key === null ? null : Buffer.from(message.key as Buffer),
    value: message.value,
    timestamp: String(message.timestamp ?? Date.now()),
    offset: String(message.offset),
    headers,
  };
};
