import {
  ACKNOWLEDGEMENT_INGEST_TOPIC,
  AUDIT_TRAIL_TOPIC,
  CANARY_DELIVERY_TOPIC,
  DEAD_LETTER_TOPIC,
  DIRECTORY_SNAPSHOT_TOPIC,
  EVENT_TYPES,
} from '@ksb/contracts';
import { accessPlan, ANY } from './access-plan';
import type { AccessRule } from './access-rule';
import { officeGroupPrefix, officePrincipal, STAGE_PRINCIPALS, stageGroupPrefix } from './principals';

const offices = [
  { id: 'kpb-soest', role: 'POLICE' as const },
  { id: 'ja-kreis-soest', role: 'JUGENDAMT' as const },
  { id: 'ja-stadt-hilden', role: 'JUGENDAMT' as const },
];
const audited = [...EVENT_TYPES.flatMap((e) => [e.ingestTopic, e.routedTopic]), DEAD_LETTER_TOPIC];
const plan = accessPlan({ offices, auditedTopics: audited });

const may = (rules: readonly AccessRule[], principal: string, op: string, topic: string) =>
  rules.some(
    (r) =>
      r.principal === `User:${principal}` &&
      r.resourceType === 'TOPIC' &&
      (r.resourceName === topic || r.resourceName === ANY) &&
      (r.operation === op || (op === 'DESCRIBE' && r.operation !== 'DESCRIBE_CONFIGS')),
  );
const writers = (topic: string) => [
  ...new Set(plan.filter((r) => r.resourceName === topic && r.operation === 'WRITE').map((r) => r.principal)),
];
const readers = (topic: string) => [
  ...new Set(plan.filter((r) => r.resourceName === topic && r.operation === 'READ').map((r) => r.principal)),
];

describe('accessPlan', () => {
  it('lets an office read its own delivery topic and no other, with its own group prefix', () => {
    expect(may(plan, officePrincipal('ja-kreis-soest'), 'READ', 'ksb.delivery.ja-kreis-soest')).toBe(true);
    expect(may(plan, officePrincipal('ja-kreis-soest'), 'READ', 'ksb.delivery.ja-stadt-hilden')).toBe(false);
    expect(may(plan, officePrincipal('kpb-soest'), 'READ', 'ksb.delivery.ja-kreis-soest')).toBe(false);
    expect(readers('ksb.delivery.ja-kreis-soest').sort()).toEqual([
      'User:ksb-delivery-api',
      'User:office-ja-kreis-soest',
    ]);
    expect(plan).toContainEqual(
      expect.objectContaining({
        principal: 'User:office-ja-kreis-soest',
        resourceType: 'GROUP',
        resourceName: officeGroupPrefix('ja-kreis-soest'),
        patternType: 'PREFIXED',
      }),
    );
  });

  it('lets an office write only the ingest topics its role may send', () => {
    const written = (id: string) =>
      plan
        .filter((r) => r.principal === `User:office-${id}` && r.operation === 'WRITE')
        .map((r) => r.resourceName)
        .sort();
    expect(written('kpb-soest')).toEqual(['ksb.ingest.acknowledgement', 'ksb.ingest.police-notification']);
    expect(written('ja-kreis-soest')).toEqual([
      'ksb.ingest.acknowledgement',
      'ksb.ingest.jugendamt-court-referral',
      'ksb.ingest.jugendamt-urgent-notice',
    ]);
    // A network partner that only receives (the family court) writes nothing.
    expect(written('ag-viersen-familiengericht')).toEqual([]);
  });

  it('has one writer per stage topic: router routed, redactor deliveries, audit writer the trail, publisher the directory', () => {
    for (const e of EVENT_TYPES) expect(writers(e.routedTopic)).toEqual(['User:ksb-router']);
    expect(writers('ksb.delivery.ja-stadt-hilden')).toEqual(['User:ksb-redactor']);
    expect(writers(AUDIT_TRAIL_TOPIC)).toEqual(['User:ksb-audit-writer']);
    expect(writers(DIRECTORY_SNAPSHOT_TOPIC)).toEqual(['User:ksb-directory-publisher']);
  });

  it('keeps ingest, routed and dead-letter topics to the stages, the auditor and the dead-letter operator', () => {
    const allowed = ['User:ksb-router', 'User:ksb-redactor', 'User:ksb-audit-writer', 'User:ksb-auditor'];
    // The exceptions: the delivery API reads back the answers it publishes for offices, so none goes twice; the
    // dead-letter operator reads ingest to find an earlier copy of a letter it puts back, but no routed topic.
    const mayRead = (topic: string, reader: string) =>
      allowed.includes(reader) ||
      (topic === ACKNOWLEDGEMENT_INGEST_TOPIC && reader === 'User:ksb-delivery-api') ||
      (!topic.startsWith('ksb.routed.') && reader === 'User:ksb-dead-letter-operator');
    for (const topic of [...EVENT_TYPES.flatMap((e) => [e.ingestTopic, e.routedTopic]), DEAD_LETTER_TOPIC])
      for (const reader of readers(topic)) expect([topic, mayRead(topic, reader)]).toEqual([topic, true]);
    expect(readers(ACKNOWLEDGEMENT_INGEST_TOPIC)).toContain('User:ksb-delivery-api');
    expect(readers(DEAD_LETTER_TOPIC).sort()).toEqual([
      'User:ksb-audit-writer',
      'User:ksb-auditor',
      'User:ksb-dead-letter-operator',
    ]);
  });

  it('lets the dead-letter operator put letters back on agency input only, never on a routed or office topic', () => {
    const operator = STAGE_PRINCIPALS.deadLetterOperator;
    for (const e of EVENT_TYPES) {
      expect(may(plan, operator, 'WRITE', e.ingestTopic)).toBe(true);
      expect([e.routedTopic, may(plan, operator, 'WRITE', e.routedTopic)]).toEqual([e.routedTopic, false]);
    }
    expect(may(plan, operator, 'READ', 'ksb.delivery.ja-stadt-hilden')).toBe(false);
    expect(may(plan, operator, 'WRITE', AUDIT_TRAIL_TOPIC)).toBe(false);
    expect(plan.filter((r) => r.principal === `User:${operator}` && r.resourceType === 'TRANSACTIONAL_ID')).toEqual([
      expect.objectContaining({ resourceName: 'ksb-dlq-requeue.', patternType: 'PREFIXED' }),
    ]);
  });

  it('gives the lag monitor and the auditor nothing on an office topic but, for lag, its offsets', () => {
    const officeTopic = (name: string) => name.startsWith('ksb.delivery.') && name !== CANARY_DELIVERY_TOPIC;
    for (const who of [STAGE_PRINCIPALS.lagMonitor, STAGE_PRINCIPALS.auditor])
      expect(plan.filter((r) => r.principal === `User:${who}` && officeTopic(r.resourceName))).toEqual([]);
    expect(may(plan, STAGE_PRINCIPALS.lagMonitor, 'READ', 'ksb.delivery.ja-kreis-soest')).toBe(false);
    expect(may(plan, STAGE_PRINCIPALS.lagMonitor, 'DESCRIBE', 'ksb.delivery.ja-kreis-soest')).toBe(true);
  });

  it('names physical topics under a deployment suffix', () => {
    const suffixed = accessPlan({ offices, auditedTopics: audited, topicSuffix: 't1' });
    expect(readers('ksb.delivery.ja-kreis-soest.t1')).toEqual([]);
    expect(
      suffixed.some((r) => r.resourceName === 'ksb.delivery.ja-kreis-soest.t1' && r.principal.includes('ja-kreis')),
    ).toBe(true);
    expect(
      suffixed
        .filter((r) => r.resourceType === 'TOPIC' && r.resourceName !== ANY)
        .every((r) => r.resourceName.endsWith('.t1')),
    ).toBe(true);
  });

  it('uses group prefixes no other identity’s prefix or name starts with', () => {
    const prefixes = plan.filter((r) => r.resourceType === 'GROUP' && r.patternType === 'PREFIXED');
    const overlaps = prefixes.flatMap((a) =>
      prefixes
        .filter((b) => a.principal !== b.principal && b.resourceName.startsWith(a.resourceName))
        .map((b) => `${a.resourceName} covers ${b.resourceName}`),
    );
    expect(overlaps).toEqual([]);
    expect(stageGroupPrefix('router')).toBe('ksb-router');
  });

  it('is deterministic and free of duplicates', () => {
    const again = accessPlan({ offices: [...offices].reverse(), auditedTopics: audited });
    expect(again).toEqual(plan);
    const keys = plan.map((r) => `${r.principal} ${r.resourceType} ${r.resourceName} ${r.operation}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
