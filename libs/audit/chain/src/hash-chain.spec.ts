import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { AuditRecord } from '@ksb/contracts';
import { appendRecord, canonicalJson, emptyChain, GENESIS_HASH, storedHash, type UnlinkedRecord } from './hash-chain';

const hop = (auditId: string): UnlinkedRecord => ({
  auditId,
  hop: 'RECEIVED',
  eventId: 'e-1',
  correlationId: 'c-1',
  eventType: 'police-notification',
  senderOfficeId: 'kpb-mettmann',
  recipientOfficeId: null,
  details: {},
  payloadSha256: null,
  recordedAt: '2026-12-05T20:00:00.000Z',
});

describe('hash chain over stored bytes', () => {
  it('links each record to the SHA-256 of its predecessor exactly as encoded, whatever the encoding', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string(), { minLength: 1, maxLength: 6 }),
        fc.uint8Array({ maxLength: 4 }),
        (ids, salt) => {
          // A different encoder gives different bytes and so different links: the chain hashes what is stored.
          const encode = (r: AuditRecord) => Buffer.concat([Buffer.from(salt), Buffer.from(JSON.stringify(r))]);
          let head = emptyChain;
          let previousBytes: Buffer | undefined;
          for (const id of ids) {
            const next = appendRecord(head, hop(id), encode);
            expect(next.record.sequence).toBe(head.sequence + 1);
            expect(next.record.previousHash).toBe(
              previousBytes ? createHash('sha256').update(previousBytes).digest('hex') : GENESIS_HASH,
            );
            expect(next.bytes).toEqual(encode(next.record));
            expect(next.head.hash).toBe(storedHash(next.bytes));
            head = next.head;
            previousBytes = next.bytes;
          }
        },
      ),
    );
  });

  it('writes checkpoint statements as JSON with sorted keys, leaving undefined out', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: undefined }], e: null })).toBe('{"a":[{"d":"x"}],"b":1,"e":null}');
  });
});
