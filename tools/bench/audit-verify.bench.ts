// Benchmark (not a test): `ksb audit` replay and verify over a large audit trail, against a raw kafkajs
// consume of the same topic in the same run. Run: npm run bench:audit   (KSB_BENCH_RECORDS, default 1,000,000)
import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { AUDIT_SEAL_HEADER, AUDIT_TRAIL_TOPIC, type AuditRecord } from '@ksb/contracts';
import { appendRecord, checkpointRecord, emptyChain, sealHead, signCheckpoint, type ChainHead } from '@ksb/audit-chain';
import { AUDIT_RECORD, auditRanges, readAuditLog, verifyAuditLog } from '@ksb/audit-feature';
import { TestBroker } from '@ksb/testing-broker';
import { readRange } from '@ksb/wire';

const RECORDS = Number(process.env.KSB_BENCH_RECORDS ?? 1_000_000);
const CHECKPOINT_EVERY = 1000;
/**
 * Records per partition under one writer seal. The writer seals each partition once per transaction; a
 * transaction takes up to 500 input records, so under a backlog a seal covers well over 100 records per
 * partition. 100 keeps the verifier's signature work on the high side.
 */
const SEAL_EVERY = 100;
const OUT = join(__dirname, '..', '..', 'docs', 'benchmarks', 'audit-verify.md');

const log = (line: string) => process.stdout.write(`${line}\n`);

/** A realistic hop: a delivery record with its details, as the writer produces them. */
const hop = (i: number, at: string) => ({
  auditId: `ksb.delivery.ja-stadt-hilden/0/${i}`,
  hop: 'DELIVERED' as const,
  eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  correlationId: `00000000-0000-4000-9000-${String(i % 50_000).padStart(12, '0')}`,
  eventType: 'police-notification',
  senderOfficeId: null,
  recipientOfficeId: 'ja-stadt-hilden',
  details: {
    source: `ksb.delivery.ja-stadt-hilden/0/${i}`,
    occurredAt: at,
    deliveryEventId: `00000000-0000-4000-a000-${String(i).padStart(12, '0')}`,
    topic: 'ksb.delivery.ja-stadt-hilden',
    partition: '0',
    offset: String(i),
    role: 'CASE_OWNER',
    rule: 'P2-parents',
    policyVersion: '2026-11-21.1',
  },
  payloadSha256: 'ab'.repeat(32),
  recordedAt: at,
});

const timed = async (work: () => Promise<number>) => {
  const started = process.hrtime.bigint();
  const records = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { records, seconds, perSecond: records / seconds };
};

const main = async () => {
  const broker = new TestBroker();
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  try {
    await broker.createTopics(AUDIT_TRAIL_TOPIC);
    const schema = await broker.wire.registerSchema(AUDIT_TRAIL_TOPIC, AUDIT_RECORD);
    const producer = await broker.wire.producer();
    const partitions = 3;
    const heads: ChainHead[] = Array.from({ length: partitions }, () => emptyChain);
    const topic = broker.topic(AUDIT_TRAIL_TOPIC);
    let written = 0;
    const started = Date.now();
    log(
      `writing ${RECORDS} chained audit records (checkpoint every ${CHECKPOINT_EVERY}, seal every ${SEAL_EVERY}) to ${topic}`,
    );
    const encode = (record: AuditRecord) => broker.wire.codec.encode(schema, record);
    const message = (partition: number, next: ReturnType<typeof appendRecord>) => ({
      partition,
      value: next.bytes,
      headers:
        // The last records of every partition end a transaction too: nothing may stay unsealed at the end.
        next.record.sequence % SEAL_EVERY === 0 || written >= RECORDS - 2 * partitions
          ? { [AUDIT_SEAL_HEADER]: sealHead(partition, next.head, privateKey) }
          : undefined,
    });
    while (written < RECORDS) {
      const messages = [];
      for (let n = 0; n < 2000 && written < RECORDS; n++, written++) {
        const partition = written % partitions;
        const at = new Date(started + written).toISOString();
        const linked = appendRecord(heads[partition], hop(written, at), encode);
        heads[partition] = linked.head;
        messages.push(message(partition, linked));
        if (linked.record.sequence % CHECKPOINT_EVERY === 0) {
          const checkpoint = signCheckpoint(partition, linked.head, new Date(at), privateKey);
          const signed = appendRecord(heads[partition], checkpointRecord(checkpoint, privateKey), encode);
          heads[partition] = signed.head;
          messages.push(message(partition, signed));
          written++;
        }
      }
      await producer.send({ topic, messages, acks: -1 });
    }
    log(`written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const ranges = await auditRanges(broker.wire);
    const total = ranges.reduce((n, r) => n + Number(r.to) - Number(r.from), 0);

    const raw = () =>
      timed(async () => {
        let n = 0;
        await readRange(broker.wire, topic, ranges, { onMessages: (_, m) => void (n += m.length) });
        return n;
      });
    const baseline1 = await raw();
    log(`raw consume: ${baseline1.perSecond.toFixed(0)} records/s`);
    const replay = await timed(async () => {
      let n = 0;
      await readAuditLog(broker.wire, ranges, (_, records) => void (n += records.length));
      return n;
    });
    log(`replay (decode): ${replay.perSecond.toFixed(0)} records/s`);
    const verify = (parallel: boolean) =>
      timed(async () => {
        const verdicts = await verifyAuditLog(broker.wire, publicKey, { parallel });
        if (!verdicts.every((v) => v.verdict.ok)) throw new Error(`verify failed: ${JSON.stringify(verdicts)}`);
        return verdicts.reduce((n, v) => n + (v.verdict.ok ? v.verdict.records : 0), 0);
      });
    const serial = await verify(false);
    log(`verify in one thread (decode, hash, link, signatures): ${serial.perSecond.toFixed(0)} records/s`);
    const parallel = await verify(true);
    log(`verify with a worker per partition: ${parallel.perSecond.toFixed(0)} records/s`);
    const baseline2 = await raw();
    log(`raw consume again: ${baseline2.perSecond.toFixed(0)} records/s`);
    const base = (baseline1.perSecond + baseline2.perSecond) / 2;

    if (!existsSync(OUT))
      writeFileSync(
        OUT,
        '# Benchmark: audit replay and verify\n\nSee docs/benchmarks.md for how to read these runs.\n',
      );
    const best = availableParallelism() > 2 ? { name: 'workers', r: parallel } : { name: 'one thread', r: serial };
    const row = (name: string, r: { records: number; seconds: number; perSecond: number }) =>
      `| ${name} | ${r.records} | ${r.seconds.toFixed(1)} | ${Math.round(r.perSecond)} | ${(r.perSecond / base).toFixed(2)} |`;
    appendFileSync(
      OUT,
      [
        '',
        `## Run ${new Date().toISOString()} — ${total} audit records in ${partitions} partitions, ${cpus().length} cores`,
        '',
        '| pass | records | s | records/s | ratio to raw consume |',
        '| --- | --- | --- | --- | --- |',
        row('raw kafkajs consume (read_committed, no decode), before', baseline1),
        row('replay: read + Avro decode', replay),
        row('verify, one thread: read + decode + SHA-256 of stored bytes + Ed25519 seals and checkpoints', serial),
        row(
          'verify, a worker thread per partition (`ksb audit verify` from 200,000 records on more than 2 cores)',
          parallel,
        ),
        row('raw kafkajs consume, after', baseline2),
        '',
        `Verify rate (${best.name}, what \`ksb audit verify\` does on ${cpus().length} cores) / mean raw consume rate: **${(best.r.perSecond / base).toFixed(2)}** (goal ≥ 0.5); ≥ 150,000 records/s verified: **${best.r.perSecond >= 150_000 ? 'met' : 'missed'}**. One writer seal per ${SEAL_EVERY} records per partition. Command: \`KSB_BENCH_RECORDS=${RECORDS} npm run bench:audit\`.`,
        '',
      ].join('\n'),
    );
    log(`appended to ${OUT}`);
    await broker.wire.withAdmin((admin) => admin.deleteTopics({ topics: [topic] }));
  } finally {
    await broker.close();
  }
};

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  },
);
