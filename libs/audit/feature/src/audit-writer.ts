import { createHash, type KeyObject } from 'node:crypto';
import type { Consumer, EachBatchPayload, KafkaMessage, Producer } from 'kafkajs';
import { AUDIT_TRAIL_TOPIC, type AuditRecord } from '@ksb/contracts';
import { appendRecord, checkpointRecord, signCheckpoint, type ChainHead, type UnlinkedRecord } from '@ksb/audit-chain';
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
  ControlRecordCommits,
  encodeHeaders,
  headersAsText,
  nextOffset,
  type RawHeaders,
  type RegisteredSchema,
  type Wire,
} from '@ksb/wire';
import { AUDIT_RECORD } from './audit-log';
import { readChainTails } from './chain-heads';

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

/** Another writer took over the transactional id: this one must stop, never retry. */
const FENCED = new Set(['PRODUCER_FENCED', 'INVALID_PRODUCER_EPOCH']);

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
  private consumer?: Consumer;
  private markers?: ControlRecordCommits;
  private producer?: Producer;
  private schema?: RegisteredSchema;
  private partitions = new Map<number, PartitionState>();
  private byPhysical = new Map<string, AuditedTopic>();
  private timer?: NodeJS.Timeout;
  private queue: Promise<unknown> = Promise.resolve();
  private records = 0;
  private checkpoints = 0;
  private running = false;

  constructor(private readonly options: AuditWriterOptions) {}

  async start(): Promise<void> {
    const { wire } = this.options;
    // Fence any earlier writer first, so the tails read next cannot change under us.
    this.producer = await wire.producer({ transactionalId: this.options.transactionalId });
    this.schema = await wire.registerSchema(AUDIT_TRAIL_TOPIC, AUDIT_RECORD);
    const now = Date.now();
    for (const [partition, tail] of await readChainTails(wire)) {
      this.partitions.set(partition, {
        head: tail.head,
        // An unknown tail is signed at the next interval rather than trusted to be signed already.
        unsigned: tail.last && tail.last.hop !== 'CHECKPOINT' ? 1 : 0,
        lastRecordedAt: tail.last ? Date.parse(tail.last.recordedAt) : 0,
        lastCheckpointAt: now,
      });
    }
    if (this.partitions.size === 0) throw new Error(`${wire.topic(AUDIT_TRAIL_TOPIC)} has no partitions`);
    this.byPhysical = new Map(this.options.topics.map((t) => [wire.topic(t.topic), t]));
    const existing = new Set(await wire.withAdmin((admin) => admin.listTopics()));
    const missing = [...this.byPhysical.keys()].filter((t) => !existing.has(t));
    // Say which, rather than a kafkajs stack trace: usually a new office whose topic was not yet applied.
    if (missing.length) throw new Error(`audited topics missing (run ksb topics apply): ${missing.join(', ')}`);
    this.consumer = await wire.consumer({
      groupId: this.options.groupId,
      readUncommitted: false,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 100,
    });
    this.markers = new ControlRecordCommits(this.consumer);
    await this.consumer.subscribe({ topics: [...this.byPhysical.keys()], fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.serial(() => this.processBatch(payload)),
    });
    this.timer = setInterval(
      () => void this.serial(() => this.signDuePartitions()).catch((e) => this.failed(e)),
      Math.min(1000, this.options.checkpointIntervalMs),
    );
    this.running = true;
    this.options.log({
      msg: 'audit chain heads',
      partitions: [...this.partitions].map(([p, s]) => ({ partition: p, sequence: s.head.sequence })),
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.timer);
    await this.consumer?.disconnect();
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

  private async processBatch({ batch, resolveOffset, heartbeat }: EachBatchPayload): Promise<void> {
    const audited = this.byPhysical.get(batch.topic);
    if (!audited || batch.messages.length === 0) return;
    await this.markers?.settled(batch.topic, batch.partition);
    const entries: AuditEntry[] = [];
    for (const message of batch.messages) entries.push(...(await this.entriesOf(audited, batch.partition, message)));
    const last = batch.messages[batch.messages.length - 1].offset;
    await this.transact(entries, {
      topic: batch.topic,
      partition: batch.partition,
      next: nextOffset(batch, last, true),
    });
    resolveOffset(last);
    await heartbeat();
  }

  private async entriesOf(audited: AuditedTopic, partition: number, message: KafkaMessage): Promise<AuditEntry[]> {
    let value: unknown;
    if (needsValue(audited.kind)) {
      try {
        value = (await this.options.wire.codec.decode(message.value)).value;
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
    const saved = new Map([...this.partitions].map(([p, s]) => [p, { ...s }]));
    const messages: {
      partition: number;
      key: string | null;
      value: Buffer;
      timestamp: string;
      headers: Record<string, string>;
    }[] = [];
    let written = 0;
    let signed = 0;
    const append = (partition: number, state: PartitionState, record: UnlinkedRecord) => {
      const next = appendRecord(state.head, record);
      state.head = next.head;
      messages.push(this.message(partition, next.record));
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
    if (messages.length === 0 && !input) return;
    if (!this.producer) throw new Error('the audit writer is not started');
    const transaction = await this.producer.transaction();
    try {
      if (messages.length > 0)
        await transaction.send({ topic: this.options.wire.topic(AUDIT_TRAIL_TOPIC), messages, acks: -1 });
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
      await transaction.commit();
      this.records += written;
      this.checkpoints += signed;
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      this.partitions = saved;
      if (FENCED.has((error as { type?: string }).type ?? '')) this.failed(error as Error);
      throw error;
    }
  }

  private message(partition: number, record: AuditRecord) {
    const schema = this.schema;
    if (!schema) throw new Error('the audit writer is not started');
    return {
      partition,
      key: record.correlationId ?? record.auditId,
      value: this.options.wire.codec.encode(schema, record),
      // The record's own time, so offset-for-timestamp finds time windows.
      timestamp: String(Date.parse(record.recordedAt)),
      headers: encodeHeaders({
        eventId: record.auditId,
        correlationId: record.correlationId ?? record.auditId,
        producer: this.options.wire.options.clientId,
        schemaSubject: schema.subject,
        schemaVersion: schema.version,
      }),
    };
  }

  private signDuePartitions(all = false): Promise<void> {
    return this.transact([], undefined, all);
  }

  private failed(error: Error): void {
    if (!this.running) return;
    this.running = false;
    this.options.onFatal(error);
  }
}
