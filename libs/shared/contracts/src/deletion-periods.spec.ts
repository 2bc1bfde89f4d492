import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  caseKeyLifeMs,
  DELETION_PERIODS,
  parseDeletionPeriods,
  readableAfterAcceptanceMs,
  retentionMsOf,
} from './deletion-periods';
import { SCHEMA_DIR } from './schema-files';
import { deliveryTopicSpec, EXTERNAL_HANDOFF_TOPIC, TOPIC_CATALOGUE } from './topic-catalogue';

const file = () => JSON.parse(readFileSync(join(SCHEMA_DIR, 'ops', 'deletion-periods.json'), 'utf8'));
const withClass = (name: string, change: Record<string, unknown>) => {
  const periods = file();
  periods.classes = periods.classes.map((c: { class: string }) => (c.class === name ? { ...c, ...change } : c));
  return periods;
};

describe('deletion periods', () => {
  it('give every topic its retention from its class, content never for ever', () => {
    for (const topic of TOPIC_CATALOGUE)
      expect([topic.name, topic.retentionMs]).toEqual([topic.name, retentionMsOf(topic.retentionClass)]);
    const withContent = DELETION_PERIODS.classes.filter((c) => c.carriesContent).map((c) => c.class);
    const keptForEver = TOPIC_CATALOGUE.filter((t) => withContent.includes(t.retentionClass) && t.retentionMs <= 0);
    expect(keptForEver).toEqual([]);
    expect(withContent).toEqual(['ingest', 'routed', 'delivery', 'handoff', 'dead-letter']);
    expect(deliveryTopicSpec('ksb.delivery.ja-stadt-hilden', []).retentionClass).toBe('delivery');
    expect(deliveryTopicSpec(EXTERNAL_HANDOFF_TOPIC, []).retentionClass).toBe('handoff');
    expect(TOPIC_CATALOGUE.find((t) => t.name === 'ksb.audit.trail')?.retentionMs).toBe(-1);
    expect(retentionMsOf('ingest')).toBe(7 * 24 * 60 * 60 * 1000);
  });

  it.each([
    [
      'content kept for ever',
      withClass('ingest', { keepDays: null }),
      'class ingest: content may not be kept for ever',
    ],
    ['content without a legal basis', withClass('delivery', { legalBasis: [] }), 'content needs a legal basis'],
    ['a basis not among the sources', withClass('routed', { legalBasis: ['§ 1 XYZ'] }), '"§ 1 XYZ" is not among'],
    ['a part of a day', withClass('canary', { keepDays: 0.5 }), 'class canary: keepDays must be a whole number'],
    [
      'readable after acceptance longer than kept',
      withClass('delivery', { readableDaysAfterAcceptance: 91 }),
      'class delivery: readableDaysAfterAcceptance must be whole days from 1 to keepDays',
    ],
    [
      'readable after acceptance on a class nobody accepts',
      withClass('routed', { readableDaysAfterAcceptance: 3 }),
      'class routed: only deliveries are accepted',
    ],
    [
      'a class left out',
      { ...file(), classes: file().classes.filter((c: { class: string }) => c.class !== 'audit') },
      'class audit: missing',
    ],
  ])('refuse %s, naming the class', (_, periods, message) => {
    expect(() => parseDeletionPeriods(periods)).toThrow(message);
  });

  it('keeps a case key as long as any record sealed under it can be read back, and no longer', () => {
    const sealedUnder = [
      retentionMsOf('ingest'),
      retentionMsOf('routed'),
      retentionMsOf('dead-letter') + retentionMsOf('ingest'),
      retentionMsOf('delivery'),
      retentionMsOf('handoff'),
    ];
    expect(caseKeyLifeMs()).toBe(Math.max(...sealedUnder));
  });

  it('retires a sealed delivery the period after its office accepted it, as the data says', () => {
    expect(readableAfterAcceptanceMs()).toBe(30 * 24 * 60 * 60 * 1000);
  });
});
