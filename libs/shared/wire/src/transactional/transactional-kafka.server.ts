import { BaseRpcContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { BatchDelivery, ClientProducer, ConsumedRecord } from '../port/kafka-client.port';
import { lastValueFrom } from 'rxjs';
import {
  compressionOf,
  HEADER,
  maxValueBytes,
  TRANSACTION_MAX_INPUT_BYTES,
  TRANSACTION_MAX_INPUT_RECORDS,
} from '@ksb/contracts';
import { BridgeError, isRetriable } from '@ksb/errors';
import { isSealed } from '@ksb/case-keys';
import { compressionType } from '../compression/compression-codecs';
import { DEFAULT_RECOVERY, type SupervisedConsumer } from '../consume/supervised-consumer';
import { RdkafkaStageLoop } from '../rdkafka/rdkafka-stage-loop';
import { DEAD_LETTER_LOGICAL, deadLetterMessage, type DeadLetterInput } from '../dead-letter/dead-letter';
import { encodeHeaders, headersAsText, type RawHeaders } from '../headers/standard-headers';
import { partitionBounds, readRange } from '../consume/read-range';
import { AvroKafkaDeserializer } from '../nest/avro-kafka.deserializer';
import { sendBounded, type OutgoingRecord } from '../publish/bounded-send';
import type { Wire } from '../wire';
import { DuplicateEventError, HandlerFailedError, OutputTooLargeError } from '../wire.errors';
import { CommittedOffsets } from './committed-offsets';
import { ControlRecordCommits, nextOffset } from './control-record-commits';
import { duplicateKey, DuplicateWindow } from './duplicate-window';
import type { ProcessorOutput } from './processor-output';
import type { PreparedSlice, StageWork } from './stage-work';
import { UnsettledCommits } from './transaction-outcome';
import { answerSlice, type InputSlice, type SliceOutputs } from './input-slice';
import type { ConsumedEvent } from '../consume/decoded-event';
import { rawMessage } from '../consume/decode-message';

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
 * on logical topics) return ProcessorOutputs; the server writes the outputs and the next input offset in
 * one transaction per bounded slice of a fetched batch. kafkajs has no KIP-447, so each input partition
 * gets its own transactional id: whoever takes over a partition fences the previous owner's unfinished
 * transaction. With `client: librdkafka` the loop is RdkafkaStageLoop instead (KIP-447, one transaction per
 * poll; docs/adr/0022); both call the same StageWork. No record can stop the stage: whatever cannot be
 * processed is dead-lettered with its reason.
 */
export class TransactionalKafkaServer extends Server implements CustomTransportStrategy {
  private consumer?: SupervisedConsumer;
  private rdkafka?: RdkafkaStageLoop;
  private markers?: ControlRecordCommits;
  private readonly producers = new Map<string, Promise<ClientProducer>>();
  private readonly committed = new CommittedOffsets();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly window?: DuplicateWindow;
  private readonly unsettled: UnsettledCommits;
  /** The input each dead letter of a slice was made from, so sealLetters can make it again sealed. */
  private readonly letters = new WeakMap<OutgoingRecord, DeadLetterInput>();
  /** Settles when the previous incarnation's batches are done and its producers retired. */
  private handover: Promise<void> = Promise.resolve();

  constructor(private readonly options: TransactionalServerOptions) {
    super();
    this.deserializer = new AvroKafkaDeserializer(options.wire.codec, options.wire.options.topicSuffix);
    if (options.duplicates) this.window = new DuplicateWindow(options.duplicates.size);
    this.unsettled = new UnsettledCommits(options.wire, (entry) => this.log(entry));
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      if (this.options.client?.kind === 'librdkafka') {
        await this.listenOnLibrdkafka(this.options.client.transactionalId);
        return callback();
      }
      const { wire, groupId, service } = this.options;
      const sessionTimeout = this.options.sessionTimeoutMs ?? 10_000;
      this.consumer = await wire.supervisedConsumer({
        name: service,
        config: {
          groupId,
          readUncommitted: false,
          allowAutoTopicCreation: false,
          sessionTimeout,
          heartbeatInterval: Math.floor(sessionTimeout / 3),
          // read_committed fetches may be held until maxWait while the upstream transaction is open; the
          // kafkajs default of 5 s would add seconds per hop to urgent notifications.
          maxWaitTimeInMs: 100,
        },
        topics: [...this.messageHandlers.keys()].map((pattern) => wire.topic(pattern)),
        fromBeginning: true,
        run: (consumer) => {
          this.markers = new ControlRecordCommits(consumer, this.committed);
          this.handover = this.retireIncarnation();
          return {
            autoCommit: false,
            eachBatchAutoResolve: false,
            partitionsConsumedConcurrently: this.options.partitionsInParallel ?? 1,
            eachBatch: (payload) => this.track(this.processBatch(payload)),
          };
        },
      });
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private async listenOnLibrdkafka(transactionalId: string): Promise<void> {
    const { wire, groupId, service } = this.options;
    this.rdkafka = new RdkafkaStageLoop({
      wire: wire.options,
      name: service,
      groupId,
      topics: [...this.messageHandlers.keys()].map((pattern) => wire.topic(pattern)),
      transactionalId,
      sessionTimeoutMs: this.options.sessionTimeoutMs ?? 10_000,
      maxInputRecords: this.options.maxInputRecords ?? TRANSACTION_MAX_INPUT_RECORDS,
      maxInputBytes: this.options.maxInputBytes ?? TRANSACTION_MAX_INPUT_BYTES,
      recovery: { ...DEFAULT_RECOVERY, ...wire.options.recovery },
      work: this.stageWork(),
      onGiveUp: (health) => wire.options.onConsumerGaveUp?.(health),
    });
    await this.rdkafka.start();
    wire.watch(this.rdkafka);
  }

  private stageWork(): StageWork {
    return {
      prepare: (topic, partition, slice) => this.prepare(topic, partition, slice),
      committed: (topic, partition, prepared) => this.committedSlice(topic, partition, prepared),
      resumed: async (topic, partition, from) => {
        this.window?.forget(topic, partition);
        await this.recall(topic, partition, from);
        this.log({ msg: 'partition resumed', topic, partition, from });
      },
      log: (entry) => this.log(entry),
    };
  }

  async close(): Promise<void> {
    await this.rdkafka?.stop();
    await this.consumer?.stop();
    const producers = await Promise.allSettled([...this.producers.values()]);
    await Promise.allSettled(producers.map((p) => (p.status === 'fulfilled' ? p.value.disconnect() : undefined)));
    this.producers.clear();
  }

  /**
   * A restarted consumer must not work beside a batch of the crashed one still in flight, nor share its
   * producers: it waits for those batches, and new producers (a new epoch per transactional id) fence any
   * transaction the old incarnation left open.
   */
  private async retireIncarnation(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    const producers = [...this.producers.values()];
    this.producers.clear();
    await Promise.allSettled(producers.map(async (p) => (await p).disconnect()));
  }

  private log(entry: object): void {
    this.options.wire.options.log?.({ consumer: this.options.service, ...entry });
  }

  private track(batch: Promise<void>): Promise<void> {
    this.inFlight.add(batch);
    void batch.then(
      () => this.inFlight.delete(batch),
      () => this.inFlight.delete(batch),
    );
    return batch;
  }

  on(): never {
    throw new Error('TransactionalKafkaServer has no events to listen to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  /**
   * A fetched batch may hold a whole backlog; it is worked off in slices of bounded input, each in its own
   * transaction with its input offset, so no transaction outgrows the broker's limits or its timeout.
   */
  private async processBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: BatchDelivery): Promise<void> {
    const { topic, partition, messages } = batch;
    if (messages.length === 0) return;
    await this.handover;
    await this.markers?.settled(topic, partition);
    await this.producerFor(topic, partition);
    let start = this.committed.firstPending(topic, partition, messages);
    if (start > 0) {
      resolveOffset(messages[start - 1].offset);
      this.log({ msg: 'skipped records already committed', topic, partition, from: messages[0].offset, count: start });
    }
    while (start < messages.length) {
      if (!isRunning() || isStale()) return;
      const end = this.sliceEnd(messages, start);
      const last = messages[end - 1].offset;
      const next = end === messages.length ? nextOffset(batch, last, true) : String(BigInt(last) + 1n);
      await this.transact(topic, partition, messages.slice(start, end), next);
      resolveOffset(last);
      await heartbeat();
      start = end;
    }
  }

  private sliceEnd(messages: readonly ConsumedRecord[], start: number): number {
    const maxRecords = this.options.maxInputRecords ?? TRANSACTION_MAX_INPUT_RECORDS;
    const maxBytes = this.options.maxInputBytes ?? TRANSACTION_MAX_INPUT_BYTES;
    let end = start;
    let bytes = 0;
    while (end < messages.length && end - start < maxRecords) {
      bytes += messages[end].value?.length ?? 0;
      if (end > start && bytes > maxBytes) break;
      end++;
    }
    return end;
  }

  private async transact(topic: string, partition: number, slice: readonly ConsumedRecord[], next: string) {
    const key = `${topic}:${partition}`;
    const producer = await this.producerFor(topic, partition);
    const prepared = await this.prepare(topic, partition, slice);
    const transaction = await producer.transaction();
    try {
      const sent = await sendBounded(transaction, prepared.records, this.options.wire.partitionCount);
      await transaction.sendOffsets({
        consumerGroupId: this.options.groupId,
        topics: [{ topic, partitions: [{ partition, offset: next }] }],
      });
      // From here on a failure may hide a commit that took effect.
      this.unsettled.asked(key, sent.first, () => this.committed.committed(topic, partition, next));
      await transaction.commit();
      this.unsettled.answered(key);
      this.committed.committed(topic, partition, next);
      this.committedSlice(topic, partition, prepared);
    } catch (error) {
      this.log({
        msg: 'transaction failed',
        topic,
        partition,
        inputFrom: slice[0].offset,
        inputTo: slice[slice.length - 1].offset,
        reason: (error as Error).message,
      });
      await transaction.abort().catch(() => undefined);
      // A fenced or broken producer is replaced on the next attempt; the restarted consumer re-reads from
      // the committed offset. A commit that failed may still have taken effect (the coordinator finishes a
      // prepared commit after a restart): the new claim settles it first and reads the window back from what
      // was committed, or a retried copy of an event in it would be delivered twice.
      this.producers.delete(key);
      this.window?.forget(topic, partition);
      void producer.disconnect().catch(() => undefined);
      throw error;
    }
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

  private producerFor(topic: string, partition: number): Promise<ClientProducer> {
    const key = `${topic}:${partition}`;
    let producer = this.producers.get(key);
    if (!producer) {
      producer = this.claim(key, topic, partition);
      producer.catch(() => this.producers.delete(key));
      this.producers.set(key, producer);
    }
    return producer;
  }

  /**
   * A new producer for a partition claims its transactional id first (kafkajs does so only at the first
   * transaction): that fences the previous owner and lets a commit it left half done finish. Only then is
   * the outcome of this process's own last commit settled and the group's committed offset read; everything
   * below the higher of the two is skipped. kafkajs has no KIP-447, so a consumer may have fetched from an
   * offset read while that commit was pending: this closes the gap that duplicated deliveries when a broker
   * died during a commit.
   */
  private async claim(key: string, topic: string, partition: number): Promise<ClientProducer> {
    const { wire, service, groupId } = this.options;
    const producer = await wire.producer({ transactionalId: `${service}-${key}` });
    const claim = await producer.transaction();
    await claim.abort();
    await this.unsettled.settle(key);
    const [committed] = await wire.withAdmin((admin) => admin.fetchOffsets({ groupId, topics: [topic] }));
    const offset = committed?.partitions.find((p) => p.partition === partition)?.offset;
    if (offset !== undefined && BigInt(offset) >= 0n) this.committed.committed(topic, partition, offset);
    const resumesAt = this.committed.resumesAt(key);
    this.log({ msg: 'partition claimed', topic, partition, groupOffset: offset, resumesAt });
    if (this.window && !this.window.knows(topic, partition)) await this.recall(topic, partition, resumesAt ?? '-1');
    return producer;
  }

  /**
   * Fills the duplicate window of a partition this process takes over from the event ids below the committed
   * offset, so a retry that arrives after a restart or a rebalance is still recognised.
   */
  private async recall(topic: string, partition: number, committed: string): Promise<void> {
    const window = this.window;
    const size = this.options.duplicates?.size ?? 0;
    if (!window) return;
    const bounds = (await partitionBounds(this.options.wire, topic)).find((b) => b.partition === partition);
    const to = BigInt(committed);
    const low = BigInt(bounds?.from ?? '0');
    const from = to - BigInt(size) > low ? to - BigInt(size) : low;
    const ids: string[] = [];
    if (to > from)
      await readRange(this.options.wire, topic, [{ partition, from: String(from), to: String(to) }], {
        onMessages: (_, messages) => {
          for (const m of messages) {
            const id = duplicateKey(m.headers as RawHeaders);
            if (id) ids.push(id);
          }
        },
      });
    window.remember(topic, partition, ids);
  }
}
