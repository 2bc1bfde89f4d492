import { createHash, type KeyObject } from 'node:crypto';
import { acceptedRecords, AUDIT_SEAL_HEADER, AUDIT_TRAIL_TOPIC, compressionOf, type AuditRecord } from '@ksb/contracts';
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
  compressionType,
  encodeHeaders,
  headersAsText,
  stageLoop,
  UnexpectedRecordTypeError,
  type ConsumedRecord,
  type OutgoingRecord,
  type PreparedSlice,
  type RawHeaders,
  type RegisteredSchema,
  type StageLoop,
  type StageWork,
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
  /** The client that runs the writer's loop, the stages' own (docs/adr/0022); under the fixed id on either. */
  readonly client?: 'kafkajs' | 'librdkafka';
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
 * transaction. It is the StageWork of the stages' own transactional loop (stageLoop), run under one fixed
 * transactional id; a failed transaction rolls the in-memory chain heads back with it.
 */
export class AuditWriter implements StageWork {
  private loop?: StageLoop;
  /** The last transaction was aborted under it (CONCURRENT_TRANSACTIONS): perhaps by another instance's claim. */
  private maybeTakenOver = false;
  private readonly suspicion = new TakeoverSuspicion();
  private schema?: RegisteredSchema;
  private partitions = new Map<number, PartitionState>();
  /** The chain heads before the open transaction's first record: what an abort rolls back to. */
  private beforeTransaction?: Map<number, PartitionState>;
  /** Records and checkpoints in the open transaction, counted once it commits. */
  private pending = { records: 0, checkpoints: 0 };
  /** After an abort whether the commit took effect may be unknown: the tails are read again before linking. */
  private stale = true;
  /** The highest sequence per partition this writer saw committed: a tail read below it is stale. */
  private readonly committedSequence = new Map<number, number>();
  private byPhysical = new Map<string, AuditedTopic>();
  private records = 0;
  private checkpoints = 0;
  private running = false;

  constructor(private readonly options: AuditWriterOptions) {}

  async start(): Promise<void> {
    const { wire, transactionalId } = this.options;
    this.schema = await wire.registerSchema(AUDIT_TRAIL_TOPIC, AUDIT_RECORD);
    this.byPhysical = new Map(this.options.topics.map((t) => [wire.topic(t.topic), t]));
    const existing = new Set(await wire.withAdmin((admin) => admin.listTopics()));
    const missing = [...this.byPhysical.keys()].filter((t) => !existing.has(t));
    // Say which, rather than a kafkajs stack trace: usually a new office whose topic was not yet applied.
    if (missing.length) throw new Error(`audited topics missing (run ksb topics apply): ${missing.join(', ')}`);
    const loop = stageLoop({
      wire,
      name: 'audit-writer',
      groupId: this.options.groupId,
      topics: [...this.byPhysical.keys()],
      client:
        this.options.client === 'librdkafka'
          ? { kind: 'librdkafka', transactionalId }
          : { kind: 'kafkajs', transactionalId },
      work: this,
      idleEveryMs: Math.min(1000, this.options.checkpointIntervalMs),
    });
    this.loop = loop;
    this.running = true;
    try {
      await claimAtStart(() => loop.start(), { attempts: START_CLAIM_ATTEMPTS, pauseMs: 1000, log: this.options.log });
    } catch (error) {
      this.running = false;
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    // Signs what was written (the loop's last idle work), so a clean shutdown leaves no unsigned tail behind.
    await this.loop?.stop(true);
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

  log(entry: object): void {
    this.options.log(entry);
  }

  async claiming(): Promise<void> {
    if (this.maybeTakenOver) await this.yieldToNewerWriter();
  }

  /**
   * The id is claimed — any other writer fenced, its open transaction aborted — so the chain tails read now
   * are final: no other instance can append after what this one links to.
   */
  async claimed(): Promise<void> {
    this.beforeTransaction = undefined;
    this.pending = { records: 0, checkpoints: 0 };
    await this.readTails();
  }

  async prepare(topic: string, partition: number, slice: readonly ConsumedRecord[]): Promise<PreparedSlice> {
    const audited = this.byPhysical.get(topic);
    if (!audited) throw new Error(`${topic} is not an audited topic`);
    // All entries first: a retriable failure here leaves the chain heads untouched.
    const entries: AuditEntry[] = [];
    for (const message of slice) entries.push(...(await this.entriesOf(audited, partition, message)));
    if (this.stale) await this.readTails();
    return { records: this.link(entries, false), eventIds: [] };
  }

  /** Checkpoints due by time (or, at a clean stop, every unsigned tail). */
  async idle(final: boolean): Promise<readonly OutgoingRecord[]> {
    if (this.stale) await this.readTails();
    return this.link([], final);
  }

  transactionCommitted(): void {
    for (const [partition, state] of this.partitions)
      this.committedSequence.set(partition, Math.max(this.committedSequence.get(partition) ?? -1, state.head.sequence));
    this.records += this.pending.records;
    this.checkpoints += this.pending.checkpoints;
    this.pending = { records: 0, checkpoints: 0 };
    this.beforeTransaction = undefined;
  }

  /** Another writer took the transactional id: this one must stop, never retry. Anything else is retried. */
  transactionAborted(error: Error): boolean {
    if (this.beforeTransaction) this.partitions = this.beforeTransaction;
    this.beforeTransaction = undefined;
    this.pending = { records: 0, checkpoints: 0 };
    this.stale = true;
    const meaning = this.suspicion.failed(error, Date.now());
    if (meaning === 'fenced') {
      this.failed(error);
      return false;
    }
    if (meaning === 'watch-for-newer-writer') this.maybeTakenOver = true;
    this.options.log({ msg: 'audit transaction failed; claiming again', error: error.message });
    return true;
  }

  /** Where each partition's chain stands, from its last committed record the writer sealed. */
  private async readTails(): Promise<void> {
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
    if (partitions.size === 0) throw new Error(`${this.options.wire.topic(AUDIT_TRAIL_TOPIC)} has no partitions`);
    this.partitions = partitions;
    this.stale = false;
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

  /**
   * Links entries (and the checkpoints due) into their chains and encodes them. The last record of each audit
   * partition here is sealed: one signature covers the records before it through their links (docs/adr/0010),
   * and since every transaction's last record in a partition is the last of some call, readChainTails finds
   * a seal at the end of every committed transaction.
   */
  private link(entries: readonly AuditEntry[], signAll: boolean): OutgoingRecord[] {
    const opened = !this.beforeTransaction;
    if (opened) this.beforeTransaction = new Map([...this.partitions].map(([p, s]) => [p, { ...s }]));
    const linked: { partition: number; record: AuditRecord; bytes: Buffer; head: ChainHead }[] = [];
    const encode = this.encoder();
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
      this.pending.checkpoints++;
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
      this.pending.records++;
      if (state.unsigned >= this.options.checkpointEvery) sign(partition, state, at);
    }
    const now = Date.now();
    for (const [partition, state] of this.partitions) {
      const due = now - state.lastCheckpointAt >= this.options.checkpointIntervalMs;
      if (state.unsigned > 0 && (due || signAll)) sign(partition, state, Math.max(now, state.lastRecordedAt));
    }
    if (linked.length === 0 && opened) this.beforeTransaction = undefined;
    const lastOf = new Map(linked.map((l, i) => [l.partition, i]));
    return linked.map((l, i) =>
      this.outgoing(
        l.partition,
        l.record,
        l.bytes,
        lastOf.get(l.partition) === i ? sealHead(l.partition, l.head, this.options.signingKey) : undefined,
      ),
    );
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

  private failed(error: Error): void {
    if (!this.running) return;
    this.running = false;
    // Leave the group before the process ends, so the writer that fenced this one gets the partitions now
    // rather than after a session time-out. Not awaited: the batch that called this has to end first. Nothing
    // more is signed: the chain is the other writer's now.
    const left = this.loop?.stop(false) ?? Promise.resolve();
    void Promise.race([left, new Promise((r) => setTimeout(r, 10_000))]).finally(() => this.options.onFatal(error));
  }
}
