import fc from 'fast-check';
import type { AuditRecord } from '@ksb/contracts';
import { canonicalJson, canonicalRecordJson } from './hash-chain';

// Any UTF-16 code units, lone surrogates and control characters included: the fast path must escape as JSON does.
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 20 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 8 }),
);
const nullable = fc.option(text, { nil: null });
const record: fc.Arbitrary<AuditRecord> = fc.record({
  auditId: text,
  hop: fc.constantFrom('RECEIVED', 'ROUTED', 'CHECKPOINT'),
  eventId: nullable,
  correlationId: nullable,
  eventType: nullable,
  senderOfficeId: nullable,
  recipientOfficeId: nullable,
  details: fc.dictionary(text, text, { maxKeys: 8 }),
  payloadSha256: nullable,
  sequence: fc.nat(),
  previousHash: text,
  recordedAt: text,
  writerSignature: nullable,
}) as fc.Arbitrary<AuditRecord>;

/** What the hash covers: everything but the writer's signature over it. */
const unsigned = (r: AuditRecord) => ({ ...r, writerSignature: undefined });

describe('canonical JSON of an audit record', () => {
  it('leaves the writer signature out, so the signature can be over the hash', () => {
    fc.assert(
      fc.property(record, text, (r, signature) => {
        expect(canonicalRecordJson({ ...r, writerSignature: signature })).toBe(
          canonicalRecordJson({ ...r, writerSignature: null }),
        );
      }),
      { numRuns: 50 },
    );
  });

  it('is exactly the general canonical JSON, for any record, in any key order', () => {
    fc.assert(
      fc.property(record, fc.boolean(), (r, reversed) => {
        const shuffled = Object.fromEntries(reversed ? Object.entries(r).reverse() : Object.entries(r)) as AuditRecord;
        expect(canonicalRecordJson(shuffled)).toBe(canonicalJson(unsigned(r)));
      }),
      { numRuns: 300 },
    );
  });

  it('takes the general path for a record with a field it does not know', () => {
    fc.assert(
      fc.property(record, text, (r, extra) => {
        const wider = { ...r, addedLater: extra } as AuditRecord;
        expect(canonicalRecordJson(wider)).toBe(canonicalJson(unsigned(wider)));
        expect(canonicalRecordJson(wider)).not.toBe(canonicalJson(unsigned(r)));
      }),
      { numRuns: 50 },
    );
  });
});
