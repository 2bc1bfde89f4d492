import { DEAD_LETTER_HEADER as H, HEADER } from '@ksb/contracts';
import { ageText, deadLetterFacts, parseAge, selectDeadLetters, summarizeDeadLetters, UNKNOWN } from './index';

const letter = (offset: number, at: number, headers: Record<string, string>) =>
  deadLetterFacts({ partition: 0, offset: String(offset), timestamp: String(at), headers });

const routerSaid = (reason: string) => ({
  [H.reasonCode]: reason,
  [H.failedService]: 'router',
  [H.topic]: 'ksb.ingest.police-notification',
  [H.partition]: '2',
  [H.offset]: '41',
  [H.exceptionClass]: 'UndecodableValueError',
  [H.exceptionMessage]: 'value starts with byte 123, not the magic byte 0',
  [H.originalStored]: 'inline',
  [H.originalSizeBytes]: '7',
  [HEADER.eventId]: 'e-1',
});

describe('dead-letter facts', () => {
  it('reads what the wire wrote: reason, stage, source and the original', () => {
    expect(letter(5, 1000, routerSaid('UNDECODABLE'))).toEqual({
      partition: 0,
      offset: '5',
      at: 1000,
      reason: 'UNDECODABLE',
      stage: 'router',
      source: { topic: 'ksb.ingest.police-notification', partition: 2, offset: '41' },
      exceptionClass: 'UndecodableValueError',
      message: 'value starts with byte 123, not the magic byte 0',
      eventId: 'e-1',
      correlationId: undefined,
      stored: 'inline',
      sizeBytes: 7,
    });
  });

  it('a record written straight onto the topic, without our headers, is UNKNOWN from an unknown stage', () => {
    expect(letter(6, 1000, {})).toMatchObject({ reason: UNKNOWN, stage: 'unknown', source: undefined });
  });
});

describe('dead-letter summary', () => {
  const letters = [
    letter(1, 1_000, routerSaid('UNDECODABLE')),
    letter(2, 5_000, routerSaid('UNSIGNED_EVENT')),
    letter(3, 3_000, routerSaid('UNDECODABLE')),
    letter(4, 4_000, { ...routerSaid('UNDECODABLE'), [H.failedService]: 'redactor' }),
  ];

  it('groups by reason and stage, most first, with the oldest and newest of each', () => {
    expect(summarizeDeadLetters(letters)).toEqual([
      { reason: 'UNDECODABLE', stage: 'router', count: 2, oldestAt: 1_000, newestAt: 3_000 },
      { reason: 'UNDECODABLE', stage: 'redactor', count: 1, oldestAt: 4_000, newestAt: 4_000 },
      { reason: 'UNSIGNED_EVENT', stage: 'router', count: 1, oldestAt: 5_000, newestAt: 5_000 },
    ]);
  });

  it('selects by reason, stage and age', () => {
    const offsets = (filter: Parameters<typeof selectDeadLetters>[1]) =>
      selectDeadLetters(letters, filter).map((l) => l.offset);
    expect(offsets({ reason: 'UNDECODABLE', now: 6_000 })).toEqual(['1', '3', '4']);
    expect(offsets({ reason: 'UNDECODABLE', stage: 'router', now: 6_000 })).toEqual(['1', '3']);
    expect(offsets({ olderThanMs: 3_000, now: 6_000 })).toEqual(['1', '3']);
    expect(offsets({ now: 6_000 })).toHaveLength(4);
  });

  it.each([
    [0, '0 s'],
    [42_000, '42 s'],
    [3_600_000 + 5 * 60_000 + 9_000, '1 h 5 min'],
    [2 * 86_400_000 + 3_600_000, '2 d 1 h'],
    [86_400_000 + 30_000, '1 d'],
  ])('says %i ms as %s', (ms, text) => expect(ageText(ms)).toBe(text));

  it.each([
    ['2h', 7_200_000],
    ['30min', 1_800_000],
    ['3 d', 259_200_000],
    ['45s', 45_000],
    ['soon', undefined],
    ['2 weeks', undefined],
  ])('reads the age %s', (text, ms) => expect(parseAge(text)).toBe(ms));
});
