import { randomBytes } from 'node:crypto';
import { sealWith } from '@ksb/case-keys';
import { MAX_EVENT_BYTES, MAX_SEAL_OVERHEAD_BYTES, RECORD_LIMITS } from './size-limits';
import { maxEncodedBytes, maxValueBytes } from './topic-catalogue';

describe('size limits of sealed records', () => {
  const ingest = 'ksb.ingest.police-notification';

  it('holds an agency event to MAX_EVENT_BYTES as encoded and lets the sealed value carry the seal on top', () => {
    expect(maxEncodedBytes(ingest)).toBe(MAX_EVENT_BYTES);
    expect(maxValueBytes(ingest)).toBe(MAX_EVENT_BYTES + MAX_SEAL_OVERHEAD_BYTES);
    expect(maxValueBytes(ingest)).toBeLessThan(RECORD_LIMITS.ingest);
  });

  it('counts the seal generously: the longest key id the frame can name still fits', () => {
    const sealed = sealWith({ keyId: 'k'.repeat(255), key: randomBytes(32) }, Buffer.alloc(MAX_EVENT_BYTES));
    expect(sealed.length).toBe(MAX_EVENT_BYTES + MAX_SEAL_OVERHEAD_BYTES);
  });

  it('leaves topics other than ingest one limit for encoded and sent values', () => {
    expect(maxEncodedBytes('ksb.routed.police-notification')).toBe(maxValueBytes('ksb.routed.police-notification'));
  });
});
