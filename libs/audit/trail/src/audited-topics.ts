import {
  CASE_ERASURE_TOPIC,
  DEAD_LETTER_TOPIC,
  EVENT_TYPES,
  EXTERNAL_HANDOFF_TOPIC,
  REDACTION_REPORT_TOPIC,
} from '@ksb/contracts';
import type { AuditedKind } from './audit-source';

export interface AuditedTopic {
  readonly topic: string;
  readonly kind: AuditedKind;
  readonly eventType?: string;
}

/**
 * Every logical topic whose messages are hops: agency input, routing, redaction reports, every office's
 * delivery topic, dead letters, and erased cases. Canary topics are left out on purpose: probes must never show up in the
 * trail's statistics.
 */
export const auditedTopics = (deliveryTopics: readonly string[]): AuditedTopic[] => [
  ...EVENT_TYPES.map((t) => ({ topic: t.ingestTopic, kind: 'ingest' as const, eventType: t.name })),
  ...EVENT_TYPES.map((t) => ({ topic: t.routedTopic, kind: 'routed' as const, eventType: t.name })),
  { topic: REDACTION_REPORT_TOPIC, kind: 'redaction-report' },
  { topic: DEAD_LETTER_TOPIC, kind: 'dead-letter' },
  { topic: CASE_ERASURE_TOPIC, kind: 'erasure' },
  ...[...new Set([...deliveryTopics, EXTERNAL_HANDOFF_TOPIC])].map((topic) => ({ topic, kind: 'delivery' as const })),
];
