import { generateKeyPairSync } from 'node:crypto';
import type { AuditRecord } from '@ksb/contracts';
import { signCheckpoint, type Checkpoint } from './checkpoint';
import { appendRecord, emptyChain, hashOf, type ChainHead } from './hash-chain';
import { verifyChain } from './verify-chain';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const at = new Date('2026-11-21T05:00:00.000Z');

const hop = (i: number): Omit<AuditRecord, 'sequence' | 'previousHash'> => ({
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

/** Given: ten records in one partition, checkpoints signed after the 5th and the 10th. */
const chain = () => {
  const records: AuditRecord[] = [];
  const checkpoints: Checkpoint[] = [];
  let head: ChainHead = emptyChain;
  for (let i = 1; i <= 10; i++) {
    const next = appendRecord(head, hop(i));
    records.push(next.record);
    head = next.head;
    if (i % 5 === 0) checkpoints.push(signCheckpoint(0, head, at, privateKey));
  }
  return { records, checkpoints };
};

describe('audit hash chain', () => {
  it('verifies an untouched chain and its checkpoints', () => {
    const { records, checkpoints } = chain();
    expect(verifyChain(records, checkpoints, publicKey)).toEqual({ ok: true, records: 10, checkpoints: 2 });
    expect(records[0].previousHash).toBe('0'.repeat(64));
    expect(records[1].previousHash).toBe(hashOf(records[0]));
  });

  it.each([
    [
      'an edited record',
      (r: AuditRecord[]) => (r[3] = { ...r[3], recipientOfficeId: 'ja-stadt-haan' }),
      { kind: 'EDITED', sequence: 4 },
    ],
    ['a deleted record', (r: AuditRecord[]) => r.splice(5, 1), { kind: 'DELETED', sequence: 6 }],
    ['two reordered records', (r: AuditRecord[]) => ([r[6], r[7]] = [r[7], r[6]]), { kind: 'REORDERED', sequence: 7 }],
    ['an inserted copy', (r: AuditRecord[]) => r.splice(3, 0, { ...r[2] }), { kind: 'INSERTED', sequence: 3 }],
    ['a record moved back', (r: AuditRecord[]) => r.push(r.splice(1, 1)[0]), { kind: 'REORDERED', sequence: 2 }],
  ])('names the first bad record after %s', (_, tamper, verdict) => {
    const { records, checkpoints } = chain();
    tamper(records);
    expect(verifyChain(records, checkpoints, publicKey)).toMatchObject({ ok: false, ...verdict });
  });

  it('catches an edit whose author rewrote every later hash, through the signed checkpoint', () => {
    const { records, checkpoints } = chain();
    let head: ChainHead = { sequence: 3, hash: hashOf(records[2]) };
    const rewritten = records.slice(0, 3);
    for (const record of records.slice(3)) {
      const { sequence: _s, previousHash: _p, ...rest } = record;
      const next = appendRecord(head, record.sequence === 4 ? { ...rest, recipientOfficeId: 'ja-stadt-haan' } : rest);
      rewritten.push(next.record);
      head = next.head;
    }
    expect(verifyChain(rewritten, checkpoints, publicKey)).toMatchObject({
      ok: false,
      kind: 'CHECKPOINT_MISMATCH',
      sequence: 5,
    });
  });

  it('catches an edit of the last record and a cut-off end', () => {
    const edited = chain();
    edited.records[9] = { ...edited.records[9], eventId: 'e-x' };
    expect(verifyChain(edited.records, edited.checkpoints, publicKey)).toMatchObject({
      ok: false,
      kind: 'CHECKPOINT_MISMATCH',
      sequence: 10,
    });
    const cut = chain();
    expect(verifyChain(cut.records.slice(0, 8), cut.checkpoints, publicKey)).toMatchObject({
      ok: false,
      kind: 'TRUNCATED',
      sequence: 10,
    });
  });

  it('refuses a checkpoint signed with another key', () => {
    const { records } = chain();
    const other = generateKeyPairSync('ed25519').privateKey;
    const forged = signCheckpoint(0, { sequence: 10, hash: hashOf(records[9]) }, at, other);
    expect(verifyChain(records, [forged], publicKey)).toMatchObject({
      ok: false,
      kind: 'CHECKPOINT_SIGNATURE_INVALID',
    });
  });
});
