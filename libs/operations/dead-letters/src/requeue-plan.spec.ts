import { DEAD_LETTER_HEADER as H, HEADER, REQUEUE_HEADER } from '@ksb/contracts';
import { deadLetterFacts, isRefused, requeuePlan, type RequeuePlan } from './index';

const INGEST = 'ksb.ingest.police-notification';
const inputs = new Set([INGEST, 'ksb.ingest.acknowledgement']);
const request = { letter: 'ksb.ops.dead-letter/1/7', reason: 'directory 2026-12-06.2 adds Hilden', by: 'ksb-admin' };

const letterWith = (overrides: Record<string, string | undefined>) => {
  const headers = Object.fromEntries(
    Object.entries({
      [HEADER.eventId]: 'e-1',
      'ksb-signature': 'sig',
      [H.reasonCode]: 'UNKNOWN_MUNICIPALITY',
      [H.failedService]: 'router',
      [H.topic]: INGEST,
      [H.partition]: '2',
      [H.offset]: '41',
      [H.exceptionClass]: 'RoutingProblem',
      [H.exceptionMessage]: 'no municipality 05158016',
      [H.originalStored]: 'inline',
      [H.originalSizeBytes]: '900',
      ...overrides,
    }).filter((e): e is [string, string] => e[1] !== undefined),
  );
  return { facts: deadLetterFacts({ partition: 1, offset: '7', timestamp: '1000', headers }), headers };
};

describe('requeuePlan', () => {
  it('puts a letter back on its origin partition with the original headers and who, why and whence', () => {
    const plan = requeuePlan(letterWith({}), inputs, request) as RequeuePlan;
    expect(plan).toEqual({
      topic: INGEST,
      partition: 2,
      originalOffset: '41',
      headers: {
        [HEADER.eventId]: 'e-1',
        'ksb-signature': 'sig',
        [REQUEUE_HEADER.from]: 'ksb.ops.dead-letter/1/7',
        [REQUEUE_HEADER.reason]: 'directory 2026-12-06.2 adds Hilden',
        [REQUEUE_HEADER.by]: 'ksb-admin',
      },
    });
  });

  it('replaces the marks of an earlier requeue: the copy names the letter it came from now', () => {
    const plan = requeuePlan(letterWith({ [REQUEUE_HEADER.from]: 'ksb.ops.dead-letter/0/3' }), inputs, request);
    expect((plan as RequeuePlan).headers[REQUEUE_HEADER.from]).toBe('ksb.ops.dead-letter/1/7');
  });

  it.each([
    ['no reason given', letterWith({}), { ...request, reason: '  ' }, 'NO_REASON'],
    ['a reason longer than a note', letterWith({}), { ...request, reason: 'x'.repeat(201) }, 'REASON_TOO_LONG'],
    [
      'a duplicate of a processed event',
      letterWith({ [H.reasonCode]: 'DUPLICATE_EVENT' }),
      request,
      'DUPLICATE_OF_PROCESSED',
    ],
    [
      'a letter that holds only a reference',
      letterWith({ [H.originalStored]: 'reference' }),
      request,
      'CONTENT_NOT_IN_LETTER',
    ],
    ['a record written straight onto the topic', letterWith({ [H.topic]: undefined }), request, 'NO_ORIGIN'],
    ['an origin no stage reads', letterWith({ [H.topic]: 'ksb.audit.trail' }), request, 'NOT_AGENCY_INPUT'],
    [
      'a redactor letter: routed records are the router’s to write',
      letterWith({ [H.topic]: 'ksb.routed.police-notification', [H.failedService]: 'redactor' }),
      request,
      'NOT_AGENCY_INPUT',
    ],
  ])('refuses %s, saying what to do instead', (_, letter, asked, refusal) => {
    const plan = requeuePlan(letter, inputs, asked);
    expect(isRefused(plan) && plan.refused).toBe(refusal);
    expect(isRefused(plan) && plan.why.length).toBeGreaterThan(20);
  });

  it('names where a reference letter’s original still lies', () => {
    const plan = requeuePlan(letterWith({ [H.originalStored]: 'reference' }), inputs, request);
    expect(isRefused(plan) && plan.why).toContain(`${INGEST}/2/41`);
  });
});
