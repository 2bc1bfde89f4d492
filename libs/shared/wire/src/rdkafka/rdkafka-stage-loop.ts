import type { KafkaConsumer, LibrdKafkaError, Message, Producer } from '@confluentinc/kafka-javascript';
import { isRetriable } from '@ksb/errors';
import {
  fetchedRecently,
  healthOf,
  type ConsumerHealth,
  type ConsumerState,
  type RecoveryPolicy,
} from '../consume/supervised-consumer';
import type { OutgoingRecord } from '../publish/bounded-send';
import { CommittedOffsets } from '../transactional/committed-offsets';
import { sliceEnd, type PreparedSlice, type StageWork } from '../transactional/stage-work';
import type { WireOptions } from '../wire';
import { asError, loadRdkafka, rdkafkaConnection } from './rdkafka-config';
import { groupCommitted } from './group-committed';
import { byPartition, consumedRecord, rdkafkaHeaders } from './rdkafka-records';
import { UnsettledRewinds, type PartitionOffset } from './unsettled-rewinds';

export interface RdkafkaStageOptions {
  readonly wire: WireOptions;
  readonly name: string;
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Stable across restarts of this instance, so a restart fences the transaction its predecessor left open. */
  readonly transactionalId: string;
  readonly sessionTimeoutMs: number;
  readonly maxInputRecords: number;
  readonly maxInputBytes: number;
  readonly recovery: RecoveryPolicy;
  readonly work: StageWork;
  /** How often StageWork.idle is asked for records due without input. */
  readonly idleEveryMs?: number;
  readonly onGiveUp: (health: ConsumerHealth) => void;
}

const TIMEOUT_MS = 30_000;
/**
 * The broker aborts a transaction this long after it began: no call inside one is worth waiting for longer.
 * A broker restart once left the router red and silent for over 80 s, and its stop past the stop time-out
 * (CI of 2026-12-07); the only silent waits were calls into a transaction at 30 s each (docs/adr/0022).
 */
const TRANSACTION_TIMEOUT_MS = 10_000;
/** librdkafka answers a call given no time at once with "timed out": leave a commit in flight a moment. */
const MIN_CALL_MS = 500;
/** How long a poll waits for input: the latency floor of an idle stage, as kafkajs's maxWaitTimeInMs. */
const POLL_WAIT_MS = 100;
/** An error event this recent keeps the stage out of ready: librdkafka retries quietly, health must not. */
const ERROR_MEMORY_MS = 10_000;
/**
 * How long one look at the group's committed offsets may take before the loop polls again. It must not hold
 * the poll up: a librdkafka consumer learns that the group dropped it only in a poll, and rejoins only then.
 */
const SETTLE_WAIT_MS = 2000;

type Callback = (error: LibrdKafkaError | null | undefined) => void;
const done = (work: (cb: Callback) => void): Promise<void> =>
  new Promise((resolve, reject) => work((error) => (error ? reject(asError(error)) : resolve())));

/**
 * A transactional stage on librdkafka (KIP-447): one producer per instance, one transaction per poll across
 * all partitions the member owns, offsets committed in it with the consumer's group metadata so the broker
 * fences a zombie by group generation (docs/adr/0022). The same StageWork as the kafkajs loop decides what
 * each slice stands for; a failed transaction is aborted and its input read again from the first offset of
 * what was not committed.
 */
export class RdkafkaStageLoop {
  private readonly rd = loadRdkafka();
  private consumer?: KafkaConsumer;
  private producer?: Producer;
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private state: ConsumerState = 'starting';
  private member = false;
  private assignedPartitions = 0;
  /** Partitions whose position this process has taken up since assignment (or since the last abort). */
  private readonly resumed = new Set<string>();
  /** What this process committed for the group, per partition (the lag monitor compares it with the log end). */
  private readonly committed = new CommittedOffsets();
  private restarts = 0;
  private lastFetchAt?: number;
  private waitingSince?: number;
  private brokenSince?: number;
  private lastErrorAt?: number;
  private lastError?: string;
  private backoffMs: number;
  private lastIdleAt = Date.now();
  /** From beginTransaction to its commit: only then is there anything to abort. */
  private inTransaction = false;
  /** When the broker aborts the open transaction by itself. */
  private transactionEndsAt = 0;
  /** From the commit asked for to its answer: a failure then may hide a commit that took effect. */
  private commitAsked = false;
  private readonly unsettled = new UnsettledRewinds();
  /** What the loop was doing when it failed, for the operator reading the log. */
  private step = 'starting';

  constructor(private readonly options: RdkafkaStageOptions) {
    this.backoffMs = options.recovery.initialBackoffMs;
  }

  async start(): Promise<void> {
    this.producer = await this.newProducer();
    this.consumer = await this.newConsumer();
    this.running = true;
    this.state = 'running';
    this.loopDone = this.loop();
  }

  /** Stops consuming; `final` asks the stage's idle work once more (a clean stop leaves nothing unsigned). */
  async stop(final = true): Promise<void> {
    this.running = false;
    await this.loopDone;
    this.state = 'stopped';
    if (final && this.producer) await this.transactIdle(true).catch(() => undefined);
    const { consumer, producer } = this;
    this.consumer = undefined;
    this.producer = undefined;
    await new Promise<void>((resolve) => (consumer ? consumer.disconnect(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (producer ? producer.disconnect(() => resolve()) : resolve()));
  }

  health(now = Date.now()): ConsumerHealth {
    const quiet = this.lastErrorAt === undefined || now - this.lastErrorAt > ERROR_MEMORY_MS;
    return healthOf(
      {
        name: this.options.name,
        groupId: this.options.groupId,
        state: this.state,
        member: this.member,
        assignedPartitions: this.assignedPartitions,
        restarts: this.restarts,
        lastFetchAt: this.lastFetchAt,
        waitingSince: this.waitingSince,
        lastError: this.lastError,
      },
      now,
      (fetchAgo) => quiet && fetchedRecently(fetchAgo, POLL_WAIT_MS),
      this.options.recovery.stallAfterMs,
    );
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        // Before the poll: a failure here must not drop records polled and not yet worked.
        this.step = 'idle work';
        await this.idleIfDue();
        this.step = 'settling a commit outcome';
        await this.settleRewinds();
        if (!this.running) return;
        this.step = 'polling';
        const messages = await this.poll();
        this.lastFetchAt = Date.now();
        if (messages.length === 0) {
          this.step = 'committing past transaction markers';
          await this.commitPastMarkers();
          // In the group with nothing left at the committed position: whatever failed has been redone.
          if (this.member) this.recovered();
          continue;
        }
        this.waitingSince ??= Date.now();
        this.step = 'transaction';
        await this.transactAll(messages);
        this.waitingSince = undefined;
        this.recovered();
      } catch (error) {
        if (!this.running) return;
        if (!(await this.failed(error as Error))) return;
      }
    }
  }

  /** Work off a poll in bounded transactions; after a failure everything not committed is read again. */
  private async transactAll(messages: readonly Message[]): Promise<void> {
    let start = 0;
    while (start < messages.length) {
      const end = sliceEnd(messages, start, this.options.maxInputRecords, this.options.maxInputBytes);
      try {
        await this.transact(messages.slice(start, end));
      } catch (error) {
        await this.abortAndRewind(messages.slice(start), error as Error);
        throw error;
      }
      start = end;
    }
  }

  private async transact(chunk: readonly Message[]): Promise<void> {
    const { work } = this.options;
    const parts = byPartition(chunk);
    const resuming = parts.filter((part) => !this.resumed.has(`${part.topic}:${part.partition}`));
    if (resuming.length > 0) {
      await work.resumed?.(
        resuming.map((part) => ({
          topic: part.topic,
          partition: part.partition,
          from: String(part.messages[0].offset),
        })),
      );
      for (const part of resuming) this.resumed.add(`${part.topic}:${part.partition}`);
    }
    const producer = this.requireProducer();
    await this.begin(producer);
    const prepared: [{ topic: string; partition: number }, PreparedSlice][] = [];
    for (const part of parts) {
      const slice = await work.prepare(part.topic, part.partition, part.messages.map(consumedRecord));
      prepared.push([part, slice]);
      for (const record of slice.records) this.produce(producer, record);
    }
    const offsets = parts.map((p) => ({
      topic: p.topic,
      partition: p.partition,
      offset: p.messages[p.messages.length - 1].offset + 1,
    }));
    await done((cb) =>
      producer.sendOffsetsToTransaction(offsets, this.requireConsumer(), this.transactionTimeLeft(), cb),
    );
    this.commitAsked = true;
    await this.commit(producer);
    this.commitAsked = false;
    work.transactionCommitted?.();
    for (const o of offsets) this.committed.committed(o.topic, o.partition, String(o.offset));
    for (const [part, slice] of prepared) work.committed?.(part.topic, part.partition, slice);
  }

  /**
   * A transactional upstream (the router for the redactor) ends each transaction with a commit marker, and a
   * transaction commits "last record + 1": the group stays one offset short of the log end for good, and the
   * lag monitor calls an idle stage STALL (fault suite, single broker, 2026-12-08). When a poll finds nothing,
   * a partition whose position passed only markers since this process's last commit gets its offset moved
   * there in a transaction of offsets alone: ordered with the stage's other transactions, it can never move
   * the group back, and it writes no marker to any output topic. Not while a commit outcome is open (a
   * paused partition's position is past records whose commit is not known).
   */
  private async commitPastMarkers(): Promise<void> {
    const { consumer, producer } = this;
    if (!consumer || !producer || !this.member || this.unsettled.pending) return;
    const behind = consumer
      .position(consumer.assignments())
      .filter((p) => p.offset >= 0 && this.committed.isAhead(p.topic, p.partition, String(p.offset)))
      .map(({ topic, partition, offset }) => ({ topic, partition, offset }));
    if (behind.length === 0) return;
    try {
      await this.begin(producer);
      await done((cb) => producer.sendOffsetsToTransaction(behind, consumer, this.transactionTimeLeft(), cb));
      this.commitAsked = true;
      await this.commit(producer);
      this.commitAsked = false;
    } catch (error) {
      await this.abortAndRewind([], error as Error);
      throw error;
    }
    for (const o of behind) this.committed.committed(o.topic, o.partition, String(o.offset));
  }

  private async idleIfDue(): Promise<void> {
    const every = this.options.idleEveryMs;
    if (!this.options.work.idle || !every || Date.now() - this.lastIdleAt < every) return;
    this.lastIdleAt = Date.now();
    try {
      await this.transactIdle(false);
    } catch (error) {
      await this.abortAndRewind([], error as Error);
      throw error;
    }
  }

  /** Records the stage has due without input, in a transaction of their own. */
  private async transactIdle(final: boolean): Promise<void> {
    const records = (await this.options.work.idle?.(final)) ?? [];
    if (records.length === 0) return;
    const producer = this.requireProducer();
    await this.begin(producer);
    for (const record of records) this.produce(producer, record);
    await this.commit(producer);
    this.options.work.transactionCommitted?.();
  }

  private produce(producer: Producer, record: OutgoingRecord): void {
    const { message } = record;
    producer.produce(
      record.topic,
      message.partition ?? null,
      message.value,
      message.key ?? null,
      message.timestamp === undefined ? null : Number(message.timestamp),
      null,
      rdkafkaHeaders(message.headers),
    );
  }

  /** Marked before it is asked: a producer that cannot even begin one is aborted, and replaced when that fails. */
  private async begin(producer: Producer): Promise<void> {
    this.inTransaction = true;
    this.transactionEndsAt = Date.now() + TRANSACTION_TIMEOUT_MS;
    await done((cb) => producer.beginTransaction(cb));
  }

  private transactionTimeLeft(now = Date.now()): number {
    return Math.max(MIN_CALL_MS, this.transactionEndsAt - now);
  }

  /**
   * A commit librdkafka calls retriable is asked again (it may have taken effect, and asking again is safe),
   * but only while the transaction can still commit; after that it is aborted and its input read again.
   */
  private async commit(producer: Producer): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await done((cb) => producer.commitTransaction(this.transactionTimeLeft(), cb));
        this.inTransaction = false;
        return;
      } catch (error) {
        if (!(error as LibrdKafkaError).isRetriable || Date.now() >= this.transactionEndsAt) throw error;
        this.options.work.log({ msg: 'commit not confirmed; asking again', reason: (error as Error).message, attempt });
      }
    }
  }

  /**
   * Abort (or, when the producer is beyond that, replace it: that fences what it left open) and move each
   * partition back to the first offset not committed, so the next poll reads it again; its duplicate window
   * is read again from the log too. (Replacing the consumer instead lost events when the single broker
   * stopped in the fault suite: ADR 0022.)
   */
  private async abortAndRewind(uncommitted: readonly Message[], error: Error): Promise<void> {
    const producer = this.producer;
    let abortFailure: Error | undefined;
    try {
      // A failure before the transaction began (the stage's own idle work) leaves nothing open to abort.
      if (producer && this.inTransaction) await done((cb) => producer.abortTransaction(TRANSACTION_TIMEOUT_MS, cb));
    } catch (failure) {
      abortFailure = failure as Error;
    }
    this.inTransaction = false;
    const outcomeUnknown = this.commitAsked || abortFailure !== undefined;
    this.commitAsked = false;
    // Fenced by another instance: stop here; a new producer would claim the id back from it.
    if (this.options.work.transactionAborted?.(error) === false) {
      this.running = false;
      return;
    }
    if (abortFailure) {
      this.options.work.log({ msg: 'transaction not aborted; replacing the producer', reason: abortFailure.message });
      this.producer = undefined;
      await new Promise<void>((resolve) => (producer ? producer.disconnect(() => resolve()) : resolve()));
      // Stopping meanwhile: no new claim (30 s at most) to hold the stop up; the next instance fences the rest.
      if (this.running) this.producer = await this.newProducer().catch(() => undefined);
    }
    for (const part of byPartition(uncommitted)) {
      const at = { topic: part.topic, partition: part.partition, offset: part.messages[0].offset };
      await this.seek(at);
      if (!outcomeUnknown) continue;
      this.unsettled.rewind(at);
      // Nothing of it is read again before its commit outcome is known.
      this.consumer?.pause([{ topic: at.topic, partition: at.partition }]);
    }
  }

  /**
   * After a rewind whose commit may have taken effect, and once a producer holds the id again (so that
   * transaction is over): go on from the group's committed offsets where they stand past the rewind. Until
   * the group answers, those partitions stay paused and the loop polls on: waiting here for the answer once
   * left the router silent for over 80 s after a broker restart, because the group had dropped the member
   * meanwhile and it could rejoin only in a poll (broker-restart test on librdkafka, 2026-12-07).
   */
  private async settleRewinds(): Promise<void> {
    if (!this.unsettled.pending) return;
    // Paused, those partitions bring no input whose transaction would fail for want of a producer: fail here,
    // so the loop backs off, claims the id again (ending the lost transaction) and counts towards giving up.
    if (!this.producer) throw new Error('no transactional producer to end the lost transaction: claiming again');
    const consumer = this.requireConsumer();
    const partitions = this.unsettled.partitions();
    let committed: PartitionOffset[];
    try {
      committed = await groupCommitted(consumer, partitions, SETTLE_WAIT_MS);
    } catch (error) {
      this.options.work.log({ msg: 'commit outcome not settled yet', reason: (error as Error).message, partitions });
      this.giveUpIfDue(error as Error);
      return;
    }
    const ahead = this.unsettled.settle(committed);
    this.options.work.log({ msg: 'commit outcome settled', committed: ahead.length > 0, ahead });
    for (const at of ahead) await this.seek(at);
    consumer.resume(partitions);
  }

  /** Moves a partition's position; its duplicate window is read again from the log before the next slice. */
  private async seek(at: PartitionOffset): Promise<void> {
    this.resumed.delete(`${at.topic}:${at.partition}`);
    const consumer = this.consumer;
    await new Promise<void>((resolve) => (consumer ? consumer.seek(at, 0, () => resolve()) : resolve()));
  }

  /** Back off and go on; true while giving up is still far off. */
  private async failed(error: Error): Promise<boolean> {
    this.restarts++;
    this.options.work.log({
      msg: 'transaction failed; reading again',
      during: this.step,
      reason: error.message,
      retriable: isRetriable(error),
    });
    if (this.giveUpIfDue(error)) return false;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.options.recovery.maxBackoffMs);
    await new Promise((r) => setTimeout(r, delay));
    if (!this.producer && this.running) this.producer = await this.newProducer().catch(() => undefined);
    return this.running;
  }

  /**
   * Broken for longer than the policy allows: the process gives up, and the restart its supervisor makes
   * starts from the group's committed offsets. True when it gave up.
   */
  private giveUpIfDue(error: Error, now = Date.now()): boolean {
    this.lastError = error.message;
    this.lastErrorAt = now;
    this.brokenSince ??= now;
    this.state = 'recovering';
    if (now - this.brokenSince <= this.options.recovery.giveUpAfterMs) return false;
    this.state = 'failed';
    this.running = false;
    this.options.onGiveUp(this.health());
    return true;
  }

  /** Working again, unless a commit outcome is still open: its partitions are paused until it is known. */
  private recovered(): void {
    if (this.unsettled.pending) return;
    if (this.state === 'recovering') this.options.work.log({ msg: 'consumer recovered', consumer: this.options.name });
    this.state = 'running';
    this.brokenSince = undefined;
    this.backoffMs = this.options.recovery.initialBackoffMs;
  }

  private poll(): Promise<Message[]> {
    const consumer = this.requireConsumer();
    return new Promise((resolve, reject) =>
      consumer.consume(this.options.maxInputRecords, (error, messages) =>
        error ? reject(asError(error)) : resolve(messages),
      ),
    );
  }

  private requireProducer(): Producer {
    if (!this.producer) throw new Error('the transactional producer is being replaced');
    return this.producer;
  }

  private requireConsumer(): KafkaConsumer {
    if (!this.consumer) throw new Error('the consumer is not started');
    return this.consumer;
  }

  private noteError(error: LibrdKafkaError): void {
    this.lastError = error.message;
    this.lastErrorAt = Date.now();
  }

  private async newProducer(): Promise<Producer> {
    await this.options.work.claiming?.();
    const producer = new this.rd.Producer({
      ...rdkafkaConnection(this.options.wire),
      'transactional.id': this.options.transactionalId,
      'enable.idempotence': true,
      'compression.codec': 'lz4',
      'linger.ms': 2,
      // What a crashed instance's open transaction holds read_committed readers of its outputs for, unless
      // the restarted instance has the same id and fences it at once (Kafka Streams' EOS default too).
      'transaction.timeout.ms': TRANSACTION_TIMEOUT_MS,
    });
    producer.on('event.error', (error) => this.noteError(error));
    await new Promise<void>((resolve, reject) =>
      producer.connect({}, (error) => (error ? reject(asError(error)) : resolve())),
    );
    try {
      await done((cb) => producer.initTransactions(TIMEOUT_MS, cb));
      await this.options.work.claimed?.();
    } catch (error) {
      await new Promise<void>((resolve) => producer.disconnect(() => resolve()));
      throw error;
    }
    return producer;
  }

  private async newConsumer(): Promise<KafkaConsumer> {
    const { ERR__ASSIGN_PARTITIONS, ERR__REVOKE_PARTITIONS } = this.rd.CODES.ERRORS;
    const consumer: KafkaConsumer = new this.rd.KafkaConsumer(
      {
        ...rdkafkaConnection(this.options.wire),
        'group.id': this.options.groupId,
        'enable.auto.commit': false,
        'isolation.level': 'read_committed',
        'fetch.wait.max.ms': POLL_WAIT_MS,
        'session.timeout.ms': this.options.sessionTimeoutMs,
        'heartbeat.interval.ms': Math.floor(this.options.sessionTimeoutMs / 3),
        'allow.auto.create.topics': false,
        rebalance_cb: (error: LibrdKafkaError, assignment: { topic: string; partition: number }[]) => {
          if (error.code === ERR__ASSIGN_PARTITIONS) {
            consumer.assign(assignment);
            this.member = true;
            this.assignedPartitions = assignment.length;
          } else if (error.code === ERR__REVOKE_PARTITIONS) {
            // A pause outlives the assignment in librdkafka: a partition assigned here again would stay silent.
            if (this.unsettled.pending) consumer.resume(this.unsettled.partitions());
            consumer.unassign();
            this.member = false;
            this.assignedPartitions = 0;
            this.resumed.clear();
            this.unsettled.clear();
          } else this.noteError(error);
        },
      },
      { 'auto.offset.reset': 'earliest' },
    );
    consumer.on('event.error', (error) => this.noteError(error));
    await new Promise<void>((resolve, reject) =>
      consumer.connect({}, (error) => (error ? reject(asError(error)) : resolve())),
    );
    consumer.setDefaultConsumeTimeout(POLL_WAIT_MS);
    // Wait for the first record only, then take what is there: a full batch of 500 took 500 ms at 1,000/s.
    // (In the library since 1.x, missing from its type declarations.)
    (
      consumer as unknown as { setDefaultIsTimeoutOnlyForFirstMessage(only: boolean): void }
    ).setDefaultIsTimeoutOnlyForFirstMessage(true);
    consumer.subscribe([...this.options.topics]);
    return consumer;
  }
}
