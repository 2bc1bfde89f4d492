import type { BatchDelivery, ClientProducer, ConsumedRecord } from '../port/kafka-client.port';
import type { SupervisedConsumer } from '../consume/supervised-consumer';
import { sendBounded, type OutgoingRecord } from '../publish/bounded-send';
import type { Wire } from '../wire';
import { CommittedOffsets } from './committed-offsets';
import { ControlRecordCommits, nextOffset } from './control-record-commits';
import { sliceEnd, type StageWork } from './stage-work';
import { UnsettledCommits } from './transaction-outcome';

/** How long the loop heartbeats for a batch in hand; each committed slice heartbeats on its own as well. */
const MAX_BATCH_HOLD_MS = 60_000;

type Transaction = Awaited<ReturnType<ClientProducer['transaction']>>;

interface TransactionContent {
  readonly records: readonly OutgoingRecord[];
  /** The input position this transaction commits, for a slice of input. */
  readonly input?: { readonly topic: string; readonly partition: number; readonly next: string };
}

export interface KafkajsStageOptions {
  readonly wire: Wire;
  /** Names the consumer in health and the transactional ids: `<name>-<topic>:<partition>`. */
  readonly name: string;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly sessionTimeoutMs: number;
  /** Input partitions worked at the same time, each in its own transaction (per-partition ids only). */
  readonly partitionsInParallel: number;
  readonly maxInputRecords: number;
  readonly maxInputBytes: number;
  /**
   * One fixed transactional id for every input partition, worked one transaction at a time, instead of one id
   * per input partition: for a stage whose state spans its partitions (the audit writer's chains, ADR 0010).
   */
  readonly transactionalId?: string;
  /** How often StageWork.idle is asked for records due without input. */
  readonly idleEveryMs?: number;
  readonly work: StageWork;
}

/**
 * The transactional loop on kafkajs: a transaction per bounded slice of a fetched partition batch. kafkajs has
 * no KIP-447, so each input partition gets its own transactional id unless one fixed id is given: whoever
 * takes over a partition fences the previous owner's unfinished transaction (docs/adr/0008).
 */
export class KafkajsStageLoop {
  private consumer?: SupervisedConsumer;
  private markers?: ControlRecordCommits;
  private readonly producers = new Map<string, Promise<ClientProducer>>();
  private readonly committed = new CommittedOffsets();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly unsettled: UnsettledCommits;
  /** Settles when the previous incarnation's batches are done and its producers retired. */
  private handover: Promise<void> = Promise.resolve();
  /** With a fixed id, batches and idle work take turns on its one producer. */
  private queue: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private incarnations = 0;
  /** The stage was fenced by another instance: no claim may take the id back from it. */
  private halted = false;

  constructor(private readonly options: KafkajsStageOptions) {
    this.unsettled = new UnsettledCommits(options.wire, (entry) => options.work.log(entry));
  }

  async start(): Promise<void> {
    const { wire, groupId, name, sessionTimeoutMs, transactionalId, work } = this.options;
    // A fixed id is claimed before the first fetch: what the stage's state starts from is read under it.
    if (transactionalId) await this.producerFor('', 0);
    this.consumer = await wire.supervisedConsumer({
      name,
      config: {
        groupId,
        readUncommitted: false,
        allowAutoTopicCreation: false,
        sessionTimeout: sessionTimeoutMs,
        heartbeatInterval: Math.floor(sessionTimeoutMs / 3),
        // read_committed fetches may be held until maxWait while the upstream transaction is open; the
        // kafkajs default of 5 s would add seconds per hop to urgent notifications.
        maxWaitTimeInMs: 100,
      },
      topics: [...this.options.topics],
      fromBeginning: true,
      run: (consumer) => {
        this.markers = new ControlRecordCommits(consumer, this.committed);
        if (this.incarnations++ > 0) this.handover = this.retireIncarnation();
        return {
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: transactionalId ? 1 : this.options.partitionsInParallel,
          eachBatch: (payload) => this.track(this.processBatch(payload)),
        };
      },
    });
    if (work.idle && transactionalId && this.options.idleEveryMs)
      this.timer = setInterval(
        () => void this.inTurn(() => this.transactIdle(false)).catch(() => undefined),
        this.options.idleEveryMs,
      );
  }

  /** Stops consuming; `final` asks the stage's idle work once more (a clean stop leaves nothing unsigned). */
  async stop(final = true): Promise<void> {
    clearInterval(this.timer);
    await this.consumer?.stop();
    if (final && this.options.work.idle && this.options.transactionalId)
      await this.inTurn(() => this.transactIdle(true)).catch(() => undefined);
    const producers = await Promise.allSettled([...this.producers.values()]);
    this.producers.clear();
    await Promise.allSettled(producers.map((p) => (p.status === 'fulfilled' ? p.value.disconnect() : undefined)));
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

  private track(batch: Promise<void>): Promise<void> {
    this.inFlight.add(batch);
    void batch.then(
      () => this.inFlight.delete(batch),
      () => this.inFlight.delete(batch),
    );
    return batch;
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    if (!this.options.transactionalId) return work();
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * A fetched batch may hold a whole backlog; it is worked off in slices of bounded input, each in its own
   * transaction with its input offset, so no transaction outgrows the broker's limits or its timeout.
   */
  private async processBatch(delivery: BatchDelivery): Promise<void> {
    if (delivery.batch.messages.length === 0) return;
    // kafkajs heartbeats only between records and batches: a batch held up (a claim, the audit writer's
    // takeover watch, a turn behind idle work) would otherwise cost the stage its group membership. Past
    // MAX_BATCH_HOLD_MS it counts as stuck, as Kafka's max.poll.interval.ms has it, and the group may move on.
    const since = Date.now();
    const heartbeats = setInterval(
      () => {
        if (Date.now() - since < MAX_BATCH_HOLD_MS) void delivery.heartbeat().catch(() => undefined);
      },
      Math.floor(this.options.sessionTimeoutMs / 3),
    );
    try {
      await this.workBatch(delivery);
    } finally {
      clearInterval(heartbeats);
    }
  }

  private async workBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: BatchDelivery): Promise<void> {
    const { topic, partition, messages } = batch;
    await this.handover;
    await this.markers?.settled(topic, partition);
    await this.inTurn(() => this.producerFor(topic, partition));
    let start = this.committed.firstPending(topic, partition, messages);
    if (start > 0) {
      resolveOffset(messages[start - 1].offset);
      this.options.work.log({
        msg: 'skipped records already committed',
        topic,
        partition,
        from: messages[0].offset,
        count: start,
      });
    }
    while (start < messages.length) {
      if (!isRunning() || isStale()) return;
      const end = sliceEnd(messages, start, this.options.maxInputRecords, this.options.maxInputBytes);
      const last = messages[end - 1].offset;
      const next = end === messages.length ? nextOffset(batch, last, true) : String(BigInt(last) + 1n);
      await this.inTurn(() => this.transact(topic, partition, messages.slice(start, end), next));
      resolveOffset(last);
      await heartbeat();
      start = end;
    }
  }

  private keyOf(topic: string, partition: number): string {
    return this.options.transactionalId ?? `${topic}:${partition}`;
  }

  private async transact(topic: string, partition: number, slice: readonly ConsumedRecord[], next: string) {
    const { work } = this.options;
    const done = await this.oneTransaction(
      topic,
      partition,
      async () => {
        const prepared = await work.prepare(topic, partition, slice);
        return { records: prepared.records, input: { topic, partition, next }, prepared };
      },
      {
        msg: 'transaction failed',
        topic,
        partition,
        inputFrom: slice[0].offset,
        inputTo: slice[slice.length - 1].offset,
      },
    );
    if (done) work.committed?.(topic, partition, done.prepared);
  }

  /** Records the stage has due without input, in a transaction of their own. */
  private async transactIdle(final: boolean): Promise<void> {
    await this.oneTransaction('', 0, async () => ({ records: (await this.options.work.idle?.(final)) ?? [] }), {
      msg: 'transaction without input failed',
    });
  }

  /**
   * One transaction of what `content` yields, with the input offset it stands for when there is one; nothing
   * when there is neither. From the commit on, a failure may hide a commit that took effect (UnsettledCommits).
   */
  private async oneTransaction<T extends TransactionContent>(
    topic: string,
    partition: number,
    content: () => Promise<T>,
    failure: Record<string, unknown>,
  ): Promise<T | undefined> {
    const key = this.keyOf(topic, partition);
    const producer = await this.producerFor(topic, partition);
    let transaction: Transaction | undefined;
    try {
      const what = await content();
      const { records, input } = what;
      if (records.length === 0 && !input) return undefined;
      transaction = await producer.transaction();
      const sent = await sendBounded(transaction, records, this.options.wire.partitionCount);
      if (input)
        await transaction.sendOffsets({
          consumerGroupId: this.options.groupId,
          topics: [{ topic: input.topic, partitions: [{ partition: input.partition, offset: input.next }] }],
        });
      const settle = () => input && this.committed.committed(input.topic, input.partition, input.next);
      this.unsettled.asked(key, sent.first, settle);
      await transaction.commit();
      this.unsettled.answered(key);
      settle();
      this.options.work.transactionCommitted?.();
      return what;
    } catch (error) {
      this.options.work.log({ ...failure, reason: (error as Error).message });
      await this.failed(key, producer, transaction, error as Error);
      throw error;
    }
  }

  /**
   * A fenced or broken producer is replaced on the next attempt; the restarted consumer re-reads from the
   * committed offset. A commit that failed may still have taken effect (the coordinator finishes a prepared
   * commit after a restart): the new claim settles it first, and the stage reads its state back from what was
   * committed (a duplicate window, chain heads), or a retried copy of an event in it would be delivered twice.
   */
  private async failed(
    key: string,
    producer: ClientProducer,
    transaction: Transaction | undefined,
    error: Error,
  ): Promise<void> {
    await transaction?.abort().catch(() => undefined);
    this.producers.delete(key);
    void producer.disconnect().catch(() => undefined);
    if (this.options.work.transactionAborted?.(error) === false) {
      this.halted = true;
      clearInterval(this.timer);
    }
  }

  private producerFor(topic: string, partition: number): Promise<ClientProducer> {
    const key = this.keyOf(topic, partition);
    let producer = this.producers.get(key);
    if (!producer) {
      producer = this.claim(key, topic, partition);
      producer.catch(() => this.producers.delete(key));
      this.producers.set(key, producer);
    }
    return producer;
  }

  /**
   * A new producer claims its transactional id first (kafkajs does so only at the first transaction): that
   * fences the previous owner and lets a commit it left half done finish. Only then is the outcome of this
   * process's own last commit settled and the group's committed offsets read; everything below the higher of
   * the two is skipped. kafkajs has no KIP-447, so a consumer may have fetched from an offset read while that
   * commit was pending: this closes the gap that duplicated deliveries when a broker died during a commit.
   */
  private async claim(key: string, topic: string, partition: number): Promise<ClientProducer> {
    const { wire, name, groupId, work, transactionalId } = this.options;
    if (this.halted) throw new Error(`${name} was fenced by another instance and claims nothing more`);
    await work.claiming?.();
    const producer = await wire.producer({ transactionalId: transactionalId ?? `${name}-${key}` });
    try {
      const claim = await producer.transaction();
      await claim.abort();
      await this.unsettled.settle(key);
      const topics = transactionalId ? [...this.options.topics] : [topic];
      const offsets = await wire.withAdmin((admin) => admin.fetchOffsets({ groupId, topics }));
      for (const { topic: t, partitions } of offsets)
        for (const p of partitions)
          if ((transactionalId || p.partition === partition) && BigInt(p.offset) >= 0n)
            this.committed.committed(t, p.partition, p.offset);
      await work.claimed?.();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    if (!transactionalId) {
      const resumesAt = this.committed.resumesAt(key);
      work.log({ msg: 'partition claimed', topic, partition, resumesAt });
      await work.resumed?.([{ topic, partition, from: resumesAt ?? '-1' }]);
    }
    return producer;
  }
}
