import { BaseRpcContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { compressionOf, HEADER, maxValueBytes } from '@ksb/contracts';
import { BridgeError, isRetriable } from '@ksb/errors';
import { isSealed } from '@ksb/case-keys';
import type { ConsumedRecord } from '../port/kafka-client.port';
import { compressionType } from '../compression/compression-codecs';
import { DEAD_LETTER_LOGICAL, deadLetterMessage, type DeadLetterInput } from '../dead-letter/dead-letter';
import { encodeHeaders, headersAsText, type RawHeaders } from '../headers/standard-headers';
import { partitionBounds, readRange } from '../consume/read-range';
import { AvroKafkaDeserializer } from '../nest/avro-kafka.deserializer';
import type { OutgoingRecord } from '../publish/bounded-send';
import type { Wire } from '../wire';
import { DuplicateEventError, HandlerFailedError, OutputTooLargeError } from '../wire.errors';
import { duplicateKey, DuplicateWindow } from './duplicate-window';
import type { ProcessorOutput } from './processor-output';
import type { PreparedSlice, ResumedPartition, StageWork } from './stage-work';
import { stageLoop, type StageLoop } from './stage-loop';
import { answerSlice, type InputSlice, type SliceOutputs } from './input-slice';
import type { ConsumedEvent } from '../consume/decoded-event';
import { rawMessage } from '../consume/decode-message';

/** Reading a partition's duplicate window back: a few thousand small records, seconds when the broker is well. */
const RECALL_TIMEOUT_MS = 20_000;

export interface TransactionalServerOptions {
  readonly wire: Wire;
  /** Consumer group, e.g. ksb-router; also the group whose offsets commit inside each transaction. */
  readonly groupId: string;
  /** Names the producing service in headers, dead letters and transactional ids. */
  readonly service: string;
  /** Consumer session timeout: how long a crashed instance holds its partitions. */
  readonly sessionTimeoutMs?: number;
  /** kafkajs only: input partitions worked at the same time, each in its own transaction; 1 unless said. */
  readonly partitionsInParallel?: number;
  /** Input per transaction (defaults from the size limits); a test may lower them to see the split. */
  readonly maxInputRecords?: number;
  readonly maxInputBytes?: number;
  /**
   * Dead-letter an input whose event id this stage already committed in the last `size` inputs of the
   * partition (DUPLICATE_EVENT): the router, where agency retries after an ambiguous failure arrive.
   */
  readonly duplicates?: { readonly size: number };
  /**
   * The client that runs the loop: kafkajs (a transaction per partition batch, a transactional id per input
   * partition) or librdkafka (KIP-447: one transaction per poll, one transactional id per instance, which
   * must then be given and stay the same across restarts of the instance). docs/adr/0022.
   */
  readonly client?: { readonly kind: 'kafkajs' } | { readonly kind: 'librdkafka'; readonly transactionalId: string };
}

/**
 * A Nest transport for consume → decide → produce with exactly-once effect. Handlers (`@EventPattern`
 * on logical topics) return ProcessorOutputs; the stage loop (stageLoop: KafkajsStageLoop, or
 * RdkafkaStageLoop with `client: librdkafka`, docs/adr/0022) writes the outputs and the input offsets in one
 * transaction per bounded slice; this server is its StageWork. No record can stop the stage: whatever cannot
 * be processed is dead-lettered with its reason.
 */
export class TransactionalKafkaServer extends Server implements CustomTransportStrategy {
  private loop?: StageLoop;
  private readonly window?: DuplicateWindow;
  /** The input each dead letter of a slice was made from, so sealLetters can make it again sealed. */
  private readonly letters = new WeakMap<OutgoingRecord, DeadLetterInput>();

  constructor(private readonly options: TransactionalServerOptions) {
    super();
    this.deserializer = new AvroKafkaDeserializer(options.wire.codec, options.wire.options.topicSuffix);
    if (options.duplicates) this.window = new DuplicateWindow(options.duplicates.size);
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const { wire, groupId, service, client } = this.options;
      this.loop = stageLoop({
        wire,
        name: service,
        groupId,
        topics: [...this.messageHandlers.keys()].map((pattern) => wire.topic(pattern)),
        client:
          client?.kind === 'librdkafka'
            ? client
            : { kind: 'kafkajs', partitionsInParallel: this.options.partitionsInParallel },
        work: this.stageWork(),
        sessionTimeoutMs: this.options.sessionTimeoutMs,
        maxInputRecords: this.options.maxInputRecords,
        maxInputBytes: this.options.maxInputBytes,
      });
      await this.loop.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private stageWork(): StageWork {
    return {
      prepare: (topic, partition, slice) => this.prepare(topic, partition, slice),
      committed: (topic, partition, prepared) => this.committedSlice(topic, partition, prepared),
      resumed: async (partitions) => {
        for (const { topic, partition } of partitions) this.window?.forget(topic, partition);
        const topics = new Set(partitions.map((p) => p.topic));
        await Promise.all(
          [...topics].map((topic) =>
            this.recall(
              topic,
              partitions.filter((p) => p.topic === topic),
            ),
          ),
        );
        for (const { topic, partition, from } of partitions)
          this.log({ msg: 'partition resumed', topic, partition, from });
      },
      log: (entry) => this.log(entry),
    };
  }

  async close(): Promise<void> {
    await this.loop?.stop();
  }

  private log(entry: object): void {
    this.options.wire.options.log?.({ consumer: this.options.service, ...entry });
  }

  on(): never {
    throw new Error('TransactionalKafkaServer has no events to listen to');
  }

  unwrap<T>(): T {
    return this.loop as T;
  }

  /** StageWork: what a slice stands for, with the event ids the duplicate window learns once it commits. */
  async prepare(topic: string, partition: number, slice: readonly ConsumedRecord[]): Promise<PreparedSlice> {
    const eventIds = new Set<string>();
    const repeated = slice.map((message) => {
      const eventId = this.window ? duplicateKey(message.headers as RawHeaders) : undefined;
      if (eventId === undefined) return false;
      const seen = this.window?.has(topic, partition, eventId) || eventIds.has(eventId);
      eventIds.add(eventId);
      return seen;
    });
    const records = await this.sealLetters(await this.recordsFor(topic, partition, slice, repeated));
    return { records, eventIds: [...eventIds] };
  }

  private committedSlice(topic: string, partition: number, prepared: PreparedSlice): void {
    this.window?.remember(topic, partition, prepared.eventIds);
  }

  /**
   * The records a slice stands for, in input order. A retriable failure (broker or registry away) is thrown:
   * the slice is aborted and read again. Anything else is one input's own problem — undecodable, another
   * record type, a throwing handler, an output that does not encode or is too large — and that input is
   * dead-lettered with its reason code in the same transaction, so one poison message never blocks its
   * partition. The handler gets the slice in one call (answerSlice).
   */
  private async recordsFor(
    topic: string,
    partition: number,
    slice: readonly ConsumedRecord[],
    repeated: readonly boolean[],
  ): Promise<OutgoingRecord[]> {
    const perInput: OutgoingRecord[][] = slice.map(() => []);
    const events: ConsumedEvent[] = [];
    const owners: number[] = [];
    let pattern = '';
    for (const [i, message] of slice.entries()) {
      if (repeated[i]) {
        const error = new DuplicateEventError('this event id was already processed from this partition');
        perInput[i] = [this.deadLetter(topic, partition, message, error)];
        continue;
      }
      const packet = await this.deserializer.deserialize(rawMessage(topic, partition, message), { channel: topic });
      pattern = packet.pattern;
      events.push(packet.data as ConsumedEvent);
      owners.push(i);
    }
    if (events.length === 0) return perInput.flat();
    const answers = await answerSlice({ topic, partition, events }, (part) => this.dispatch(pattern, part));
    for (const [k, answer] of answers.entries()) {
      const i = owners[k];
      try {
        if ('error' in answer) throw answer.error;
        perInput[i] = answer.outputs.map((output) => this.record(output));
      } catch (error) {
        if (isRetriable(error)) throw error;
        perInput[i] = [this.deadLetter(topic, partition, slice[i], error)];
      }
    }
    return perInput.flat();
  }

  /**
   * With per-case keys (ADR 0023), a letter whose input names its case is sealed under that case's key, as
   * the routed records are: agency input dead-lettered by the router would otherwise keep the case readable
   * after an erasure. Keys are fetched only for the letters, after the slice was answered. A letter already
   * sealed (the redactor's, a routed record's bytes) or naming no case stays as it is.
   */
  private async sealLetters(records: OutgoingRecord[]): Promise<OutgoingRecord[]> {
    const caseSeal = this.options.wire.caseSeal;
    // Most slices carry no letter: no promise per record for them (a stage writes several records per event).
    if (!caseSeal || !records.some((record) => this.letters.has(record))) return records;
    return Promise.all(
      records.map(async (record) => {
        const input = this.letters.get(record);
        const caseId = input?.rawHeaders[HEADER.correlationId];
        if (!input || !caseId || !input.rawValue || isSealed(input.rawValue)) return record;
        return this.record({ kind: 'dead-letter', input: { ...input, seal: await caseSeal.sealerFor(caseId) } });
      }),
    );
  }

  private deadLetter(topic: string, partition: number, message: ConsumedRecord, error: unknown): OutgoingRecord {
    const input: DeadLetterInput = {
      topic,
      partition,
      offset: message.offset,
      key: message.key?.toString() ?? null,
      rawValue: message.value,
      rawHeaders: headersAsText(message.headers as RawHeaders),
      error: error instanceof BridgeError ? error : new HandlerFailedError((error as Error).message, { cause: error }),
    };
    return this.record({ kind: 'dead-letter', input });
  }

  /** One Nest dispatch for the slice; the handler answers each of its events, in order. */
  private async dispatch(pattern: string, slice: InputSlice): Promise<SliceOutputs> {
    const handler = this.getHandlerByPattern(pattern);
    if (!handler) throw new HandlerFailedError(`no handler for ${pattern}`);
    const result = await handler(slice, new BaseRpcContext([slice.topic, slice.partition]));
    return (await lastValueFrom(this.transformToObservable(result), { defaultValue: [] })) as SliceOutputs;
  }

  private record(output: ProcessorOutput): OutgoingRecord {
    const { wire, service } = this.options;
    if (output.kind === 'dead-letter') {
      const letter: OutgoingRecord = {
        topic: wire.topic(DEAD_LETTER_LOGICAL),
        compression: compressionType(compressionOf(DEAD_LETTER_LOGICAL)),
        message: deadLetterMessage(output.input, service),
      };
      this.letters.set(letter, output.input);
      return letter;
    }
    const { event } = output;
    const encoded = wire.codec.encodeOwn(event.schema, event.value);
    const value = event.envelope ? event.envelope(encoded) : encoded;
    const limit = maxValueBytes(event.topic);
    if (value.length > limit)
      throw new OutputTooLargeError(
        `${event.topic} would get ${value.length} bytes; its records carry at most ${limit}`,
      );
    return {
      topic: wire.topic(event.topic),
      compression: compressionType(compressionOf(event.topic)),
      message: {
        key: event.key,
        value,
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
          ...event.seal?.(value),
        },
      },
    };
  }

  /**
   * Fills the duplicate window of the partitions this process takes over from the event ids below their
   * committed offsets, so a retry that arrives after a restart or a rebalance is still recognised: every
   * resumed partition of one topic in one read (one group join).
   */
  private async recall(topic: string, partitions: readonly ResumedPartition[]): Promise<void> {
    const window = this.window;
    const size = BigInt(this.options.duplicates?.size ?? 0);
    if (!window) return;
    const bounds = await partitionBounds(this.options.wire, topic);
    const ranges = partitions.map(({ partition, from: committed }) => {
      const to = BigInt(committed);
      const low = BigInt(bounds.find((b) => b.partition === partition)?.from ?? '0');
      return { partition, from: String(to - size > low ? to - size : low), to: String(to) };
    });
    const ids = new Map<number, string[]>(partitions.map((p) => [p.partition, []]));
    await readRange(this.options.wire, topic, ranges, {
      // Failing it fails the slice, which is read again: better than a stage silent for the default 10 min.
      timeoutMs: RECALL_TIMEOUT_MS,
      onMessages: (partition, messages) => {
        const known = ids.get(partition);
        for (const m of messages) {
          const id = duplicateKey(m.headers as RawHeaders);
          if (id) known?.push(id);
        }
      },
    });
    for (const [partition, read] of ids) window.remember(topic, partition, read);
  }
}
