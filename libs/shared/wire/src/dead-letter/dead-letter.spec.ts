import { createHash } from 'node:crypto';
import { DEAD_LETTER_HEADER as H, RECORD_LIMITS } from '@ksb/contracts';
import { recordBytes } from '../publish/record-size';
import { UnexpectedRecordTypeError } from '../wire.errors';
import { deadLetterMessage } from './dead-letter';

const input = (bytes: number) => ({
  topic: 'ksb.ingest.police-notification',
  partition: 2,
  offset: '41',
  key: 'case-1',
  rawValue: Buffer.alloc(bytes, 7),
  rawHeaders: { 'ksb-event-id': 'e-1' },
  error: new UnexpectedRecordTypeError('x carries y, not z'),
});

describe('deadLetterMessage', () => {
  it('carries the original bytes and headers with the reason when they fit', () => {
    const dead = deadLetterMessage(input(1000), 'router');
    expect(dead.value).toEqual(Buffer.alloc(1000, 7));
    expect(dead.headers).toMatchObject({
      'ksb-event-id': 'e-1',
      [H.reasonCode]: 'UNEXPECTED_RECORD_TYPE',
      [H.topic]: 'ksb.ingest.police-notification',
      [H.partition]: '2',
      [H.offset]: '41',
      [H.failedService]: 'router',
      [H.originalStored]: 'inline',
      [H.originalSizeBytes]: '1000',
    });
  });

  it('carries a reference (where, size, SHA-256, reason) when the original would exceed the limit', () => {
    const big = input(RECORD_LIMITS.deadLetter + 1);
    const dead = deadLetterMessage(big, 'router');
    expect(dead.value).toBeNull();
    expect(dead.headers).toMatchObject({
      [H.reasonCode]: 'UNEXPECTED_RECORD_TYPE',
      [H.offset]: '41',
      [H.originalStored]: 'reference',
      [H.originalSizeBytes]: String(RECORD_LIMITS.deadLetter + 1),
      [H.originalSha256]: createHash('sha256').update(big.rawValue).digest('hex'),
    });
    expect(recordBytes(dead)).toBeLessThan(RECORD_LIMITS.deadLetter);
  });

  it('seals the original when given a seal, and names the original hash the trail keeps instead', () => {
    const original = input(1000);
    const dead = deadLetterMessage(
      { ...original, seal: (plain) => Buffer.concat([Buffer.from('KSBS'), plain]) },
      'router',
    );
    expect(dead.value).toEqual(Buffer.concat([Buffer.from('KSBS'), original.rawValue]));
    expect(dead.headers).toMatchObject({
      [H.originalStored]: 'inline',
      [H.originalSizeBytes]: '1000',
      [H.originalSha256]: createHash('sha256').update(original.rawValue).digest('hex'),
    });
  });

  it('cuts a long exception message so it can never crowd out the record', () => {
    const dead = deadLetterMessage({ ...input(10), error: new Error('x'.repeat(100_000)) }, 'router');
    expect(dead.headers[H.exceptionMessage].length).toBeLessThanOrEqual(2001);
  });
});
