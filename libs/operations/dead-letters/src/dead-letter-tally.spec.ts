import { DeadLetterTally, type AuditedHop } from './index';

const rejected = (place: string, reasonCode: string, occurredAt: string, service = 'router'): AuditedHop => ({
  hop: 'REJECTED',
  auditId: place,
  recordedAt: occurredAt,
  details: { reasonCode, service, occurredAt },
});
const requeuedCopy = (letter: string): AuditedHop => ({
  hop: 'RECEIVED',
  auditId: 'ksb.ingest.police-notification/0/9',
  recordedAt: '2026-12-06T10:00:00.000Z',
  details: { requeuedFrom: letter, occurredAt: '2026-12-06T10:00:00.000Z' },
});

const WEEK = 7 * 24 * 3600 * 1000;
const NOW = Date.parse('2026-12-06T10:00:00.000Z');

describe('DeadLetterTally', () => {
  it('counts what waits by reason and stage with the oldest, and drops a letter once its copy is recorded', () => {
    const tally = new DeadLetterTally(WEEK);
    tally.observe(rejected('dlq/0/1', 'SIGNING_KEY_UNKNOWN', '2026-12-06T08:00:00.000Z'));
    tally.observe(rejected('dlq/1/4', 'SIGNING_KEY_UNKNOWN', '2026-12-06T09:00:00.000Z'));
    tally.observe(rejected('dlq/2/2', 'UNFRAMED_VALUE', '2026-12-06T07:00:00.000Z', 'audit-writer'));
    expect(tally.summary(NOW)).toEqual([
      {
        reason: 'SIGNING_KEY_UNKNOWN',
        stage: 'router',
        count: 2,
        oldestAt: Date.parse('2026-12-06T08:00:00.000Z'),
        newestAt: Date.parse('2026-12-06T09:00:00.000Z'),
      },
      expect.objectContaining({ reason: 'UNFRAMED_VALUE', stage: 'audit-writer', count: 1 }),
    ]);
    tally.observe(requeuedCopy('dlq/0/1'));
    expect(tally.summary(NOW)[0]).toMatchObject({ count: 1, oldestAt: Date.parse('2026-12-06T09:00:00.000Z') });
  });

  it('settles a letter whose copy the trail recorded before the letter itself', () => {
    const tally = new DeadLetterTally(WEEK);
    tally.observe(requeuedCopy('dlq/0/1'));
    tally.observe(rejected('dlq/0/1', 'SIGNING_KEY_UNKNOWN', '2026-12-06T08:00:00.000Z'));
    expect(tally.summary(NOW)).toEqual([]);
  });

  it('ignores every other hop', () => {
    const tally = new DeadLetterTally(WEEK);
    tally.observe({ hop: 'ROUTED', auditId: 'x', recordedAt: '2026-12-06T08:00:00.000Z', details: {} });
    expect(tally.summary(NOW)).toEqual([]);
  });

  it('stops counting a letter once the dead-letter topic no longer keeps it', () => {
    const tally = new DeadLetterTally(WEEK);
    tally.observe(rejected('dlq/0/1', 'UNFRAMED_VALUE', '2026-11-29T10:00:00.001Z'));
    expect(tally.summary(NOW)).toEqual([expect.objectContaining({ reason: 'UNFRAMED_VALUE', count: 1 })]);
    expect(tally.summary(NOW + 1)).toEqual([]);
  });
});

describe('DeadLetterTally and erasures', () => {
  const ofCase = (hop: AuditedHop, correlationId: string): AuditedHop => ({ ...hop, correlationId });
  const erasure = (correlationId: string, occurredAt: string): AuditedHop => ({
    hop: 'ERASED',
    auditId: 'ksb.ops.case-erasures/0/0',
    recordedAt: occurredAt,
    correlationId,
    details: { occurredAt },
  });

  it('settles the letters of an erased case made before the erasure, in either order, and counts later ones', () => {
    const tally = new DeadLetterTally(WEEK);
    tally.observe(ofCase(rejected('dlq/0/1', 'SIGNING_KEY_UNKNOWN', '2026-12-06T08:00:00.000Z'), 'case-a'));
    tally.observe(ofCase(rejected('dlq/0/2', 'SIGNING_KEY_UNKNOWN', '2026-12-06T08:00:00.000Z'), 'case-b'));
    tally.observe(erasure('case-a', '2026-12-06T08:30:00.000Z'));
    expect(tally.summary(NOW)).toEqual([expect.objectContaining({ count: 1 })]);
    // A letter the trail records after the erasure, though made before it (another audit partition).
    tally.observe(ofCase(rejected('dlq/1/1', 'ROUTING_REJECTED', '2026-12-06T08:10:00.000Z'), 'case-a'));
    tally.observe(ofCase(rejected('dlq/1/2', 'ROUTING_REJECTED', '2026-12-06T09:00:00.000Z'), 'case-a'));
    expect(tally.summary(NOW)).toEqual([
      expect.objectContaining({ reason: 'ROUTING_REJECTED', count: 1 }),
      expect.objectContaining({ reason: 'SIGNING_KEY_UNKNOWN', count: 1 }),
    ]);
  });

  it('does not count the CASE_ERASED letter an erasure leaves behind', () => {
    const tally = new DeadLetterTally(WEEK);
    tally.observe(ofCase(rejected('dlq/0/1', 'CASE_ERASED', '2026-12-06T09:00:00.000Z', 'redactor'), 'case-a'));
    expect(tally.summary(NOW)).toEqual([]);
  });
});
