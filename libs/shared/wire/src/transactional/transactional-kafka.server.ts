import { BaseRpcContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, KafkaMessage, Producer } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { isRetriable } from '@ksb/errors';
import { DEAD_LETTER_LOGICAL, deadLetterMessage } from '../dead-letter/dead-letter';
import { encodeHeaders, headersAsText, type RawHeaders } from '../headers/standard-headers';
import { AvroKafkaDeserializer } from '../nest/avro-kafka.deserializer';
import type { Wire } from '../wire';
import { ControlRecordCommits, nextOffset } from './control-record-commits';
import type { ProcessorOutput } from './processor-output';

export interface TransactionalServerOptions {
  readonly wire: Wire;
  /** Consumer group, e.g. ksb-router; also the group whose offsets commit inside each transaction. */
  readonly groupId: string;
  /** Names the producing service in headers, dead letters and transactional ids. */
  readonly service: string;
  /** Consumer session timeout: how long a crashed instance holds its partitions. */
  readonly sessionTimeoutMs?: number;
}

interface MessageRecord {
  topic: string;
  messages: { key: string | null; value: Buffer | null; headers: Record<string, string> }[];
}

/**
 * A Nest transport for consume → decide → produce with exactly-once effect. Handlers (`@EventPattern`
 * on logical topics) return ProcessorOutputs; per input batch the server writes all outputs and the
 * next input offset in one transaction. kafkajs has no KIP-447, so each input partition gets its own
 * transactional id: whoever takes over a partition fences the previous owner's unfinished transaction.
 */
export class TransactionalKafkaServer extends Server implements CustomTransportStrategy {
  private consumer?: Consumer;
  private markers?: ControlRecordCommits;
  private readonly producers = new Map<string, Promise<Producer>>();

  constructor(private readonly options: TransactionalServerOptions) {
    super();
    this.deserializer = new AvroKafkaDeserializer(options.wire.codec, options.wire.options.topicSuffix);
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const { wire, groupId } = this.options;
      const sessionTimeout = this.options.sessionTimeoutMs ?? 10_000;
      this.consumer = await wire.consumer({
        groupId,
        readUncommitted: false,
        allowAutoTopicCreation: false,
        sessionTimeout,
        heartbeatInterval: Math.floor(sessionTimeout / 3),
        // read_committed fetches may be held until maxWait while the upstream transaction is open; the
        // kafkajs default of 5 s would add seconds per hop to urgent notifications.
        maxWaitTimeInMs: 100,
      });
      this.markers = new ControlRecordCommits(this.consumer);
      const topics = [...this.messageHandlers.keys()].map((pattern) => wire.topic(pattern));
      await this.consumer.subscribe({ topics, fromBeginning: true });
      await this.consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => this.processBatch(payload),
      });
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.consumer?.disconnect();
    const producers = await Promise.allSettled([...this.producers.values()]);
    await Promise.allSettled(producers.map((p) => (p.status === 'fulfilled' ? p.value.disconnect() : undefined)));
    this.producers.clear();
  }

  on(): never {
    throw new Error('TransactionalKafkaServer has no events to listen to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async processBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    if (batch.messages.length === 0) return;
    const key = `${topic}:${partition}`;
    await this.markers?.settled(topic, partition);
    const producer = await this.producerFor(key);
    const transaction = await producer.transaction();
    let lastOffset: string | undefined;
    let processedAll = true;
    try {
      const records: MessageRecord[] = [];
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) {
          processedAll = false;
          break;
        }
        for (const output of await this.handle(topic, partition, message)) this.append(records, output);
        lastOffset = message.offset;
      }
      if (lastOffset === undefined) {
        await transaction.abort();
        return;
      }
      if (records.length > 0) await transaction.sendBatch({ topicMessages: records, acks: -1 });
      await transaction.sendOffsets({
        consumerGroupId: this.options.groupId,
        topics: [{ topic, partitions: [{ partition, offset: nextOffset(batch, lastOffset, processedAll) }] }],
      });
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      // A fenced or broken producer is replaced on the next attempt; kafkajs re-reads from the committed offset.
      this.producers.delete(key);
      void producer.disconnect().catch(() => undefined);
      throw error;
    }
    resolveOffset(lastOffset);
    await heartbeat();
  }

  /**
   * A retriable failure (broker or registry away) aborts the transaction and the batch is read again. Any
   * other failure is this message's own problem: it is dead-lettered with its reason code, inside the same
   * transaction, so one poison message never blocks its partition.
   */
  private async handle(topic: string, partition: number, message: KafkaMessage): Promise<ProcessorOutput[]> {
    const raw = {
      topic,
      partition,
      offset: message.offset,
      timestamp: message.timestamp,
      key: message.key,
      value: message.value,
      headers: message.headers,
    };
    try {
      const packet = await this.deserializer.deserialize(raw, { channel: topic });
      const handler = this.getHandlerByPattern(packet.pattern);
      if (!handler) throw new Error(`no handler for ${packet.pattern}`);
      const result = await handler(packet.data, new BaseRpcContext([topic, partition, message.offset]));
      return ((await lastValueFrom(this.transformToObservable(result), { defaultValue: [] })) ??
        []) as ProcessorOutput[];
    } catch (error) {
      if (isRetriable(error)) throw error;
      const rawHeaders = headersAsText(message.headers as RawHeaders);
      const input = {
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? null,
        rawValue: message.value,
        rawHeaders,
        error,
      };
      return [{ kind: 'dead-letter', input }];
    }
  }

  private append(records: MessageRecord[], output: ProcessorOutput): void {
    const { wire, service } = this.options;
    const push = (topic: string, message: MessageRecord['messages'][number]) => {
      const record = records.find((r) => r.topic === topic) ?? records[records.push({ topic, messages: [] }) - 1];
      record.messages.push(message);
    };
    if (output.kind === 'dead-letter') {
      push(wire.topic(DEAD_LETTER_LOGICAL), deadLetterMessage(output.input, service));
      return;
    }
    const { event } = output;
    push(wire.topic(event.topic), {
      key: event.key,
      value: wire.codec.encode(event.schema, event.value),
      headers: {
        ...event.extraHeaders,
        ...encodeHeaders({
          eventId: event.eventId,
          correlationId: event.correlationId,
          causationId: event.causationId,
          producer: service,
          schemaSubject: event.schema.subject,
          schemaVersion: event.schema.version,
        }),
      },
    });
  }

  private producerFor(key: string): Promise<Producer> {
    let producer = this.producers.get(key);
    if (!producer) {
      producer = this.options.wire.producer({ transactionalId: `${this.options.service}-${key}` });
      producer.catch(() => this.producers.delete(key));
      this.producers.set(key, producer);
    }
    return producer;
  }
}
