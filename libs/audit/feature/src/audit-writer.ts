import { createHash, type KeyObject } from 'node:crypto';
import {
  acceptedRecords,
  AUDIT_SEAL_HEADER,
  AUDIT_TRAIL_TOPIC,
  compressionOf,
  TRANSACTION_MAX_INPUT_RECORDS,
  type AuditRecord,
} from '@ksb/contracts';
import {
  appendRecord,
  checkpointRecord,
  publicKeyOf,
  sealHead,
  signCheckpoint,
  type ChainHead,
  type RecordEncoder,
  type UnlinkedRecord,
} from '@ksb/audit-chain';
import {
  auditEntries,
  auditPartition,
  needsValue,
  type AuditedTopic,
  type AuditEntry,
  type AuditSource,
} from '@ksb/audit-trail';
import { isRetriable } from '@ksb/errors';
import {
  CommittedOffsets,
  compressionType,
  ControlRecordCommits,
  encodeHeaders,
  headersAsText,
  nextOffset,
  sendBounded,
  UnexpectedRecordTypeError,
  UnsettledCommits,
  type BatchDelivery,
  type ClientProducer,
  type ConsumedRecord,
  type OutgoingRecord,
  type RawHeaders,
  type RegisteredSchema,
  type SupervisedConsumer,
  type Wire,
} from '@ksb/wire';
import { AUDIT_RECORD } from './audit-log';
import { readChainTails } from './chain-heads';
import { claimAtStart } from './claim-at-start';
import { TakeoverSuspicion } from './takeover-suspicion';

/**
 * How long a writer whose transaction was aborted under it watches its group for a newer writer before it
 * claims the id back. The newer one joins only after it has claimed the id and read the chain tails, which can
 * take longer than a single 5 s look allowed on a loaded machine (a CI run saw the old writer stay and the newer
 * one go, the likely cause); a lone writer loses at most this long in the rare case.
 */
const TAKEOVER_WATCH_MS = 20_000;
const TAKEOVER_LOOK_EVERY_MS = 500;
/** A starting writer whose claim raced the running one claims again, this often at most (claimAtStart). */
const START_CLAIM_ATTEMPTS = 5;

export interface AuditWriterOptions {
  readonly wire: Wire;
  readonly groupId: string;
  /**
   * Fixed, not per instance: the chain needs one writer, and a second instance starting with the same id
   * fences the first (its next commit fails), so a zombie can never fork a chain. docs/adr/0010.
   */
  readonly transactionalId: string;
  readonly topics: readonly AuditedTopic[];
  readonly signingKey: KeyObject;
  /** Sign a checkpoint after this many records in a partition… */
  readonly checkpointEvery: number;
  /** …or when a partition has unsigned records this old. */
  readonly checkpointIntervalMs: number;
  readonly log: (entry: object) => void;
  /** The writer cannot go on (fenced by another instance, or stopped by a fatal error). */
  readonly onFatal: (error: Error) => void;
}

interface PartitionState {
  head: ChainHead;
  unsigned: number;
  lastRecordedAt: number;
  lastCheckpointAt: number;
}

export interface AuditWriterStatus {
  readonly running: boolean;
  readonly records: number;
  readonly checkpoints: number;
  readonly partitions: readonly { partition: number; sequence: number; unsigned: number }[];
}

/**
 * The audit writer: consumes every hop topic, turns each message into audit records, links them into the
 * hash chain of their audit partition and commits records, checkpoints and input offsets in one Kafka
 * transaction. A failed transaction rolls the in-memory chain heads back with it.
 */
export class AuditWriter {
  private consumer?: SupervisedConsumer;
  private markers?: ControlRecordCommits;
  private producer?: ClientProducer;
  /** After a failed transaction the chain heads in memory may be wrong either way: claim and read again. */
  private needsClaim = true;
  /** The last transaction was aborted under it (CONCURRENT_TRANSACTIONS): perhaps by another instance's claim. */
  private maybeTakenOver = false;
  private readonly suspicion = new TakeoverSuspicion();
  private readonly committed = new CommittedOffsets();
  private readonly unsettled: UnsettledCommits;
  private schema?: RegisteredSchema;
  private partitions = new Map<number, PartitionState>();
  /** The highest sequence per partition this writer saw committed: a tail read below it is stale. */
  private readonly committedSequence = new Map<number, number>();
  private byPhysical = new Map<string, AuditedTopic>();
  private timer?: NodeJS.Timeout;
  private queue: Promise<unknown> = Promise.resolve();
  private records = 0;
  private checkpoints = 0;
  private running = false;

  constructor(private readonly options: AuditWriterOptions) {
    this.unsettled = new UnsettledCommits(options.wire, options.log);
  }

  async start(): Promise<void> {
    const { wire } = this.options;
    this.schema = await wire.registerSchema(AUDIT_TRAIL_TOPIC, AUDIT_RECORD);
    this.byPhysical = new Map(this.options.topics.map((t) => [wire.topic(t.topic), t]));
    const existing = new Set(await wire.withAdmin((admin) => admin.listTopics()));
    const missing = [...this.byPhysical.keys()].filter((t) => !existing.has(t));
    // Say which, rather than a kafkajs stack trace: usually a new office whose topic was not yet applied.
    if (missing.length) throw new Error(`audited topics missing (run ksb topics apply): ${missing.join(', ')}`);
    await claimAtStart(() => this.claim(), { attempts: START_CLAIM_ATTEMPTS, pauseMs: 1000, log: this.options.log });
    this.consumer = await wire.supervisedConsumer({
      name: 'audit-writer',
      config: {
        groupId: this.options.groupId,
        readUncommitted: false,
        allowAutoTopicCreation: false,
        maxWaitTimeInMs: 100,
      },
      topics: [...this.byPhysical.keys()],
      fromBeginning: true,
      run: (consumer) => {
        this.markers = new ControlRecordCommits(consumer, this.committed);
        return {
          autoCommit: false,
          eachBatchAutoResolve: false,
          eachBatch: (payload) => this.serial(() => this.processBatch(payload)),
        };
      },
    });
    this.timer = setInterval(
      () => void this.serial(() => this.signDuePartitions()).catch((e) => this.failedIfFenced(e)),
      Math.min(1000, this.options.checkpointIntervalMs),
    );
    this.running = true;
  }

  /**
   * Claims the transactional id — fencing any other writer and aborting its open transaction — and only
   * then reads the chain tails, so no other instance can append after what this one links to. kafkajs
   * claims the id at the first transaction, not at connect: hence the empty transaction.
   */
  private async claim(): Promise<void> {
    const { wire } = this.options;
    if (this.maybeTakenOver) await this.yieldToNewerWriter();
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
    const producer = await wire.producer({ transactionalId: this.options.transactionalId });
    try {
      const claim = await producer.transaction();
      await claim.abort();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    this.producer = producer;
    await this.unsettled.settle(this.options.transactionalId);
    const now = Date.now();
    const partitions = new Map<number, PartitionState>();
    const tails = await this.freshTails();
    for (const [partition, tail] of tails) {
      partitions.set(partition, {
        head: tail.head,
        // An unknown tail is signed at the next interval rather than trusted to be signed already.
        unsigned: tail.last && tail.last.hop !== 'CHECKPOINT' ? 1 : 0,
        lastRecordedAt: tail.last ? Date.parse(tail.last.recordedAt) : 0,
        lastCheckpointAt: now,
      });
    }
    if (partitions.size === 0) throw new Error(`${wire.topic(AUDIT_TRAIL_TOPIC)} has no partitions`);
    this.partitions = partitions;
    // Read after the claim, so a commit this writer left half done is in: what lies below is recorded.
    const offsets = await wire.withAdmin((admin) =>
      admin.fetchOffsets({ groupId: this.options.groupId, topics: [...this.byPhysical.keys()] }),
    );
    for (const { topic, partitions: committed } of offsets)
      for (const { partition, offset } of committed)
        if (BigInt(offset) >= 0n) this.committed.committed(topic, partition, offset);
    this.needsClaim = false;
    this.options.log({
      msg: 'audit chain heads',
      partitions: [...this.partitions].map(([p, s]) => ({ partition: p, sequence: s.head.sequence })),
    });
    const foreign = [...tails].filter(([, t]) => t.foreign > 0);
    // Said loudly, not repaired: verify fails on these records until an operator has looked at who wrote them.
    if (foreign.length > 0)
      this.options.log({
        msg: 'records not written by the audit writer follow the chain; the chain goes on from its own last record',
        level: 'error',
        partitions: foreign.map(([p, t]) => ({ partition: p, foreignRecords: t.foreign, after: t.head.sequence })),
      });
  }

  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.timer);
    await this.consumer?.stop();
    // Sign what was written, so a clean shutdown leaves no unsigned tail behind.
    await this.serial(() => this.signDuePartitions(true)).catch(() => undefined);
    await this.producer?.disconnect();
  }

  status(): AuditWriterStatus {
    return {
      running: this.running,
      records: this.records,
      checkpoints: this.checkpoints,
      partitions: [...this.partitions].map(([partition, s]) => ({
        partition,
        sequence: s.head.sequence,
        unsigned: s.unsigned,
      })),
    };
  }

  /** Batches and the checkpoint timer share the chain heads; one at a time. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** A fetched batch is worked off in bounded slices, each in one transaction with its input offset. */
  private async processBatch({ batch, resolveOffset, heartbeat }: BatchDelivery): Promise<void> {
    const audited = this.byPhysical.get(batch.topic);
    if (!audited || batch.messages.length === 0) return;
    await this.markers?.settled(batch.topic, batch.partition);
    if (this.needsClaim) await this.claim();
    const first = this.committed.firstPending(batch.topic, batch.partition, batch.messages);
    if (first > 0) resolveOffset(batch.messages[first - 1].offset);
    for (let start = first; start < batch.messages.length; start += TRANSACTION_MAX_INPUT_RECORDS) {
      const slice = batch.messages.slice(start, start + TRANSACTION_MAX_INPUT_RECORDS);
      const entries: AuditEntry[] = [];
      for (const message of slice) entries.push(...(await this.entriesOf(audited, batch.partition, message)));
      const last = slice[slice.length - 1].offset;
      const end = start + slice.length === batch.messages.length;
      await this.transact(entries, {
        topic: batch.topic,
        partition: batch.partition,
        next: end ? nextOffset(batch, last, true) : String(BigInt(last) + 1n),
      });
      resolveOffset(last);
      await heartbeat();
    }
  }

  private async entriesOf(audited: AuditedTopic, partition: number, message: ConsumedRecord): Promise<AuditEntry[]> {
    let value: unknown;
    if (needsValue(audited.kind)) {
      try {
        const decoded = await this.options.wire.codec.decode(message.value);
        const accepted = acceptedRecords(audited.topic);
        // Another record type on a hop topic is recorded as undecodable, never read as if it were ours.
        if (accepted && !accepted.includes(decoded.recordName)) throw new UnexpectedRecordTypeError(decoded.recordName);
        value = decoded.value;
      } catch (error) {
        // Registry away: try the batch again. Bad bytes: recorded as undecodable; the dead letter says why.
        if (isRetriable(error)) throw error;
      }
    }
    const source: AuditSource = {
      kind: audited.kind,
      topic: this.options.wire.topic(audited.topic),
      partition,
      offset: message.offset,
      timestamp: message.timestamp,
      headers: headersAsText(message.headers as RawHeaders),
      eventType: audited.eventType,
      value,
      payloadSha256: message.value ? createHash('sha256').update(message.value).digest('hex') : null,
    };
    return auditEntries(source);
  }

  private async transact(
    entries: readonly AuditEntry[],
    input?: { topic: string; partition: number; next: string },
    signAll = false,
  ): Promise<void> {
    if (this.needsClaim) await this.claim();
    const saved = new Map([...this.partitions].map(([p, s]) => [p, { ...s }]));
    const linked: { partition: number; record: AuditRecord; bytes: Buffer; head: ChainHead }[] = [];
    const encode = this.encoder();
    let written = 0;
    let signed = 0;
    const append = (partition: number, state: PartitionState, record: UnlinkedRecord) => {
      const next = appendRecord(state.head, record, encode);
      state.head = next.head;
      linked.push({ partition, ...next });
    };
    const sign = (partition: number, state: PartitionState, at: number) => {
      const checkpoint = signCheckpoint(partition, state.head, new Date(at), this.options.signingKey);
      append(partition, state, checkpointRecord(checkpoint, this.options.signingKey));
      state.unsigned = 0;
      state.lastCheckpointAt = at;
      state.lastRecordedAt = at;
      signed++;
    };
    for (const entry of entries) {
      const partition = auditPartition(entry, this.partitions.size);
      const state = this.partitions.get(partition);
      if (!state) throw new Error(`audit partition ${partition} has no chain head`);
      // Rising per partition even if the clock steps back, so time windows map onto offsets.
      const at = Math.max(Date.now(), state.lastRecordedAt);
      state.lastRecordedAt = at;
      append(partition, state, { ...entry, recordedAt: new Date(at).toISOString() });
      state.unsigned++;
      written++;
      if (state.unsigned >= this.options.checkpointEvery) sign(partition, state, at);
    }
    const now = Date.now();
    for (const [partition, state] of this.partitions) {
      const due = now - state.lastCheckpointAt >= this.options.checkpointIntervalMs;
      if (state.unsigned > 0 && (due || signAll)) sign(partition, state, Math.max(now, state.lastRecordedAt));
    }
    if (linked.length === 0 && !input) return;
    // One seal per partition and transaction, on its last record: it covers the transaction's records there
    // through their links, at one signature instead of one per record (docs/adr/0010).
    const lastOf = new Map(linked.map((l, i) => [l.partition, i]));
    const messages = linked.map((l, i) =>
      this.outgoing(
        l.partition,
        l.record,
        l.bytes,
        lastOf.get(l.partition) === i ? sealHead(l.partition, l.head, this.options.signingKey) : undefined,
      ),
    );
    if (!this.producer) throw new Error('the audit writer is not started');
    let transaction: Awaited<ReturnType<ClientProducer['transaction']>> | undefined;
    try {
      transaction = await this.producer.transaction();
      const sent = await sendBounded(transaction, messages, this.options.wire.partitionCount);
      if (input)
        await transaction.sendOffsets({
          consumerGroupId: this.options.groupId,
          topics: [
            {
              topic: input.topic,
              partitions: [{ partition: input.partition, offset: input.next }],
            },
          ],
        });
      this.unsettled.asked(this.options.transactionalId, sent.first, () => {
        if (input) this.committed.committed(input.topic, input.partition, input.next);
      });
      await transaction.commit();
      this.unsettled.answered(this.options.transactionalId);
      if (input) this.committed.committed(input.topic, input.partition, input.next);
      for (const [partition, state] of this.partitions)
        this.committedSequence.set(
          partition,
          Math.max(this.committedSequence.get(partition) ?? -1, state.head.sequence),
        );
      this.records += written;
      this.checkpoints += signed;
    } catch (error) {
      await transaction?.abort().catch(() => undefined);
      this.partitions = saved;
      // Whether the commit took effect is unknown (an answer lost in a broker restart): read the truth again.
      this.needsClaim = true;
      this.failedIfFenced(error as Error);
      throw error;
    }
  }

  private encoder(): RecordEncoder {
    const schema = this.schema;
    if (!schema) throw new Error('the audit writer is not started');
    return (record) => this.options.wire.codec.encode(schema, record);
  }

  private outgoing(partition: number, record: AuditRecord, value: Buffer, seal?: string): OutgoingRecord {
    const schema = this.schema;
    if (!schema) throw new Error('the audit writer is not started');
    return {
      topic: this.options.wire.topic(AUDIT_TRAIL_TOPIC),
      compression: compressionType(compressionOf(AUDIT_TRAIL_TOPIC)),
      message: {
        partition,
        key: record.correlationId ?? record.auditId,
        value,
        // The record's own time, so offset-for-timestamp finds time windows.
        timestamp: String(Date.parse(record.recordedAt)),
        headers: {
          ...encodeHeaders({
            eventId: record.auditId,
            correlationId: record.correlationId ?? record.auditId,
            producer: this.options.wire.options.clientId,
            schemaSubject: schema.subject,
            schemaVersion: schema.version,
          }),
          ...(seal ? { [AUDIT_SEAL_HEADER]: seal } : {}),
        },
      },
    };
  }

  private signDuePartitions(all = false): Promise<void> {
    return this.transact([], undefined, all);
  }

  /**
   * The chain tails, never older than what this writer itself committed. Right after a partition leader
   * moves, the new leader may report a high watermark that is still behind (kafkajs's ListOffsets predates
   * KIP-207), and linking to that older record would fork the chain; so a stale read is retried.
   */
  private async freshTails() {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const tails = await readChainTails(this.options.wire, publicKeyOf(this.options.signingKey));
      const stale = [...tails].filter(([p, t]) => t.head.sequence < (this.committedSequence.get(p) ?? -1));
      if (stale.length === 0) return tails;
      if (Date.now() > deadline)
        throw new Error(`audit partitions ${stale.map(([p]) => p).join(', ')} still end before what was committed`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /**
   * A second instance's claim aborts this one's open transaction, which then fails with CONCURRENT_TRANSACTIONS
   * rather than as fenced. Claiming back would fence the newer instance (the two would take the id from each
   * other in turn), so first watch whether another writer joins the group; a lone writer that met the error by
   * chance claims again when the watch is over.
   */
  private async yieldToNewerWriter(): Promise<void> {
    const until = Date.now() + TAKEOVER_WATCH_MS;
    this.options.log({
      msg: 'looking for a newer audit writer before claiming the chain again',
      ms: TAKEOVER_WATCH_MS,
    });
    do {
      await new Promise((r) => setTimeout(r, TAKEOVER_LOOK_EVERY_MS));
      const [group] = (await this.options.wire.withAdmin((admin) => admin.describeGroups([this.options.groupId])))
        .groups;
      // Left set when another writer is there, so that no later batch or timer claims the id back either.
      if ((group?.members.length ?? 0) > 1) {
        const error = new Error('another audit writer claimed the chain and joined the group');
        this.failed(error);
        throw error;
      }
    } while (Date.now() < until);
    this.maybeTakenOver = false;
  }

  /** Another writer took the transactional id: this one must stop, never retry. Anything else is retried. */
  private failedIfFenced(error: Error): void {
    const meaning = this.suspicion.failed(error, Date.now());
    if (meaning === 'fenced') return this.failed(error);
    if (meaning === 'watch-for-newer-writer') this.maybeTakenOver = true;
    this.options.log({ msg: 'audit transaction failed; claiming again', error: error.message });
  }

  private failed(error: Error): void {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.timer);
    // Leave the group before the process ends, so the writer that fenced this one gets the partitions now
    // rather than after a session time-out. Not awaited: the batch that called this has to end first.
    const left = this.consumer?.stop() ?? Promise.resolve();
    void Promise.race([left, new Promise((r) => setTimeout(r, 10_000))]).finally(() => this.options.onFatal(error));
  }
}
