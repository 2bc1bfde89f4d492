import { isRetriable } from '@ksb/errors';
import type { AvroCodec } from '../codec/avro-codec';
import { decodeHeaders, headersAsText, type RawHeaders } from '../headers/standard-headers';
import { UnexpectedRecordTypeError } from '../wire.errors';
import type { ConsumedEvent } from './decoded-event';
import type { ConsumedRecord } from '../port/kafka-client.port';

export interface RawMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | string | null;
  readonly value: Buffer | null;
  readonly headers?: RawHeaders;
}

/** A consumed record with where it came from, as decodeMessage takes it. */
export const rawMessage = (topic: string, partition: number, record: ConsumedRecord): RawMessage => ({
  topic,
  partition,
  offset: record.offset,
  timestamp: record.timestamp,
  key: record.key,
  value: record.value,
  headers: record.headers,
});

const text = (v: Buffer | string | null | undefined) => (v === null || v === undefined ? null : v.toString());

/**
 * Decodes a raw Kafka message. A permanent failure (bad frame, unknown schema, bad bytes, or a record type
 * the topic does not carry, where `accepted` names the types it does) becomes an UndecodableEvent for the
 * dead-letter path; a retriable one (registry down) is thrown so the message is retried instead of being
 * dead-lettered for a passing outage.
 */
export const decodeMessage = async <T>(
  codec: AvroCodec,
  message: RawMessage,
  accepted?: readonly string[],
): Promise<ConsumedEvent<T>> => {
  const where = { topic: message.topic, partition: message.partition, offset: message.offset, key: text(message.key) };
  const rawHeaders = headersAsText(message.headers);
  try {
    const decoded = await codec.decode<T>(message.value);
    if (accepted && !accepted.includes(decoded.recordName))
      throw new UnexpectedRecordTypeError(`${message.topic} carries ${accepted.join(', ')}, not ${decoded.recordName}`);
    const headers = decodeHeaders(message.headers);
    return {
      kind: 'decoded',
      ...where,
      timestamp: message.timestamp,
      headers,
      ...decoded,
      rawValue: message.value,
      rawHeaders,
      ...(decoded.opened ? { plainValue: decoded.opened } : {}),
    };
  } catch (error) {
    if (isRetriable(error)) throw error;
    return { kind: 'undecodable', ...where, rawValue: message.value, rawHeaders, error: error as Error };
  }
};
