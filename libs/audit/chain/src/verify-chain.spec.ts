import { generateKeyPairSync } from 'node:crypto';
import type { AuditRecord } from '@ksb/contracts';
import { checkpointRecord, signCheckpoint, type Checkpoint } from './checkpoint';
import { appendRecord, emptyChain, storedHash, type ChainHead, type UnlinkedRecord } from './hash-chain';
import { sealHead } from './seal';
import { ChainVerifier, verifyChain, type StoredRecord } from './verify-chain';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const at = new Date('2026-11-21T05:00:00.000Z');

const hop = (i: number): UnlinkedRecord => ({
  auditId: `a-${i}`,
  hop: 'ROUTED',
  eventId: `e-${i}`,
  correlationId: `c-${i}`,
  eventType: 'police-notification',
  senderOfficeId: 'kpb-mettmann',
  recipientOfficeId: 'ja-stadt-hilden',
  details: { rule: 'P2-parents', directoryVersion: '2026-11-21.1' },
  payloadSha256: null,
  recordedAt: at.toISOString(),
});

/** Stored bytes for these tests: the chain hashes whatever encoding the log holds (Avro in the bridge). */
const encode = (record: AuditRecord) => Buffer.from(JSON.stringify(record));
const decode = (stored: StoredRecord) => JSON.parse(Buffer.from(stored.bytes).toString()) as AuditRecord;

/** The writer seals the last record of each transaction; here every third record ends one. */
const sealedAt = (sequence: number) => sequence % 3 === 0;

/** Links, encodes and (where a transaction ends) seals as the writer does; `writer` is the sealing key. */
const linked = (head: ChainHead, record: UnlinkedRecord, writer = privateKey) => {
  const next = appendRecord(head, record, encode);
  const seal = sealedAt(next.record.sequence) ? sealHead(0, next.head, writer) : null;
  return { stored: { record: next.record, bytes: next.bytes, seal } satisfies StoredRecord, head: next.head };
};

/** A record whose stored bytes were changed in place (seal header left as it was). */
const edited = (stored: StoredRecord, change: Partial<AuditRecord>): StoredRecord => {
  const record = { ...decode(stored), ...change };
  return { ...stored, record, bytes: encode(record) };
};

/**
 * Given: ten hops in one partition with a signed checkpoint record after the 5th and the 10th, so the
 * sequence runs 1–5, checkpoint 6, 7–11, checkpoint 12, sealed at 3, 6, 9 and 12. `kept` are the same
 * checkpoints held outside.
 */
const chain = (signer = privateKey, writer = privateKey) => {
  const records: StoredRecord[] = [];
  const kept: Checkpoint[] = [];
  let head: ChainHead = emptyChain;
  const append = (record: UnlinkedRecord) => {
    const next = linked(head, record, writer);
    records.push(next.stored);
    head = next.head;
  };
  for (let i = 1; i <= 10; i++) {
    append(hop(i));
    if (i % 5 === 0) {
      const checkpoint = signCheckpoint(0, head, at, signer);
      kept.push(checkpoint);
      append(checkpointRecord(checkpoint, signer));
    }
  }
  return { records, kept };
};

/**
 * Re-links every record from index `from` on, as a forger who edits and then rewrites all later hashes would;
 * `writer` seals the rewritten records (the forger's own key, or the writer's if it was stolen).
 */
const relink = (
  records: StoredRecord[],
  from: number,
  edit: (r: UnlinkedRecord) => UnlinkedRecord,
  writer = generateKeyPairSync('ed25519').privateKey,
) => {
  let head: ChainHead = { sequence: from, hash: storedHash(records[from - 1].bytes) };
  return [
    ...records.slice(0, from),
    ...records.slice(from).map((stored, i) => {
      const { sequence: _s, previousHash: _p, ...rest } = decode(stored);
      const next = linked(head, i === 0 ? edit(rest) : rest, writer);
      head = next.head;
      return next.stored;
    }),
  ];
};

describe('audit hash chain', () => {
  it('verifies an untouched chain with its checkpoint records', () => {
    const { records } = chain();
    expect(verifyChain(records, publicKey)).toEqual({
      ok: true,
      records: 12,
      checkpoints: 2,
      firstSequence: 1,
      lastSequence: 12,
      lastHash: storedHash(records[11].bytes),
      unsignedTail: 0,
      unsealedTail: 0,
    });
    expect(records[0].record.previousHash).toBe('0'.repeat(64));
    expect(records[1].record.previousHash).toBe(storedHash(records[0].bytes));
    expect(records[5].record).toMatchObject({ hop: 'CHECKPOINT', details: { coversSequence: '5' } });
  });

  it.each([
    [
      'an edited record',
      (r: StoredRecord[]) => (r[3] = edited(r[3], { recipientOfficeId: 'ja-stadt-haan' })),
      { kind: 'EDITED', sequence: 4 },
    ],
    [
      'an edited sealed record',
      (r: StoredRecord[]) => (r[2] = edited(r[2], { recipientOfficeId: 'ja-stadt-haan' })),
      { kind: 'FORGED', sequence: 3 },
    ],
    [
      'an edited link',
      (r: StoredRecord[]) => (r[3] = edited(r[3], { previousHash: storedHash(r[1].bytes) })),
      { kind: 'EDITED', sequence: 3 },
    ],
    ['a deleted record', (r: StoredRecord[]) => r.splice(6, 1), { kind: 'DELETED', sequence: 7 }],
    ['a deleted checkpoint', (r: StoredRecord[]) => r.splice(5, 1), { kind: 'DELETED', sequence: 6 }],
    ['two reordered records', (r: StoredRecord[]) => ([r[7], r[8]] = [r[8], r[7]]), { kind: 'REORDERED', sequence: 8 }],
    ['an inserted copy', (r: StoredRecord[]) => r.splice(3, 0, { ...r[2] }), { kind: 'INSERTED', sequence: 3 }],
    ['a record moved back', (r: StoredRecord[]) => r.push(r.splice(1, 1)[0]), { kind: 'REORDERED', sequence: 2 }],
    ['the first record deleted', (r: StoredRecord[]) => r.shift(), { kind: 'DELETED', sequence: 1 }],
  ])('names the first bad record after %s', (_, tamper, verdict) => {
    const { records } = chain();
    tamper(records);
    expect(verifyChain(records, publicKey)).toMatchObject({ ok: false, ...verdict });
  });

  it('catches an edit whose author rewrote every later hash, at the first seal after it', () => {
    const { records } = chain();
    const rewritten = relink(records, 3, (r) => ({ ...r, recipientOfficeId: 'ja-stadt-haan' }));
    expect(verifyChain(rewritten, publicKey)).toMatchObject({ ok: false, kind: 'FORGED', sequence: 6 });
  });

  it('refuses a record appended by anyone but the writer, however well it links to the tail', () => {
    const { records } = chain();
    const tail = { sequence: 12, hash: storedHash(records[11].bytes) };
    const next = appendRecord(tail, hop(99), encode);
    const unsealed = { record: next.record, bytes: next.bytes };
    const otherKey = { ...unsealed, seal: sealHead(0, next.head, generateKeyPairSync('ed25519').privateKey) };
    const copied = { ...unsealed, seal: records[11].seal };
    for (const forged of [unsealed, otherKey, copied])
      expect(verifyChain([...records, forged], publicKey)).toMatchObject({ ok: false, kind: 'FORGED', sequence: 13 });
  });

  it('refuses a genuine record copied onto another partition', () => {
    const { records } = chain();
    expect(verifyChain(records, publicKey, { partition: 1 })).toMatchObject({ ok: false, kind: 'FORGED', sequence: 3 });
  });

  it('catches a log rewritten with the writer key itself only against checkpoints kept outside', () => {
    const { records, kept } = chain();
    const rewritten = relink(records, 3, (r) => ({ ...r, recipientOfficeId: 'ja-stadt-haan' }), privateKey);
    expect(verifyChain(rewritten, publicKey)).toMatchObject({ ok: false, kind: 'CHECKPOINT_MISMATCH', sequence: 5 });
    expect(verifyChain(rewritten, publicKey, { external: kept })).toMatchObject({ ok: false, sequence: 5 });
  });

  it('catches a rewritten and cut-off end only with checkpoints kept outside the log', () => {
    const { records, kept } = chain();
    const cut = records.slice(0, 9);
    expect(verifyChain(cut, publicKey)).toMatchObject({ ok: true, unsignedTail: 3 });
    expect(verifyChain(cut, publicKey, { external: kept })).toMatchObject({
      ok: false,
      kind: 'TRUNCATED',
      sequence: 11,
    });
    const tail = relink(records.slice(0, 11), 10, (r) => ({ ...r, eventId: 'e-x' }), privateKey);
    expect(verifyChain(tail, publicKey, { external: kept })).toMatchObject({
      ok: false,
      kind: 'CHECKPOINT_MISMATCH',
      sequence: 11,
    });
  });

  it('refuses checkpoints signed with another key', () => {
    const { records } = chain(generateKeyPairSync('ed25519').privateKey, privateKey);
    expect(verifyChain(records, publicKey)).toMatchObject({
      ok: false,
      kind: 'CHECKPOINT_SIGNATURE_INVALID',
      sequence: 6,
    });
  });

  it('verifies a range from the middle by trusting its first link, and streams record by record', () => {
    const { records } = chain();
    const verifier = new ChainVerifier(0, publicKey, { from: 'first-record' });
    records.slice(4).forEach((r) => verifier.push(r));
    expect(verifier.finish()).toMatchObject({ ok: true, records: 8, firstSequence: 5, checkpoints: 2 });
    expect(verifyChain(records.slice(4), publicKey)).toMatchObject({ ok: false, kind: 'DELETED', sequence: 1 });
  });

  it('counts records whose seal lies beyond a window, and fails them at the end of the log', () => {
    const { records } = chain();
    expect(verifyChain(records.slice(0, 10), publicKey, { toLogEnd: false })).toMatchObject({
      ok: true,
      lastSequence: 10,
      unsealedTail: 1,
    });
    expect(verifyChain(records.slice(0, 11), publicKey)).toMatchObject({ ok: false, kind: 'FORGED', sequence: 10 });
  });
});
