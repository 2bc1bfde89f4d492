import {
  DEAD_LETTER_HEADER,
  DELIVERY_HEADER,
  HEADER,
  REQUEUE_HEADER,
  type AuditRecord,
  type CaseErasure,
  type RedactionReport,
  type RoutedRecord,
} from '@ksb/contracts';
import type { AuditSource } from './audit-source';
import { eventFacts } from './event-facts';

/** An audit record before the chain links it and the writer stamps it. */
export type AuditEntry = Omit<AuditRecord, 'sequence' | 'previousHash' | 'recordedAt'>;

/** Drops absent values: a map<string,string> in Avro has no nulls. */
const compact = (details: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(details).filter((e): e is [string, string] => e[1] !== undefined));

const iso = (timestampMs: string) => new Date(Number(timestampMs)).toISOString();

/**
 * The audit records one consumed message stands for: one per hop, and for a routing decision one per
 * recipient (so "what went to office X" is a filter, not a parse). Records are built from ids, office ids,
 * code-list values, versions and hashes only. Their ids derive from topic/partition/offset, so
 * re-processing the same message after a crash yields the same records.
 */
export const auditEntries = (source: AuditSource): AuditEntry[] => {
  const h = source.headers;
  const where = `${source.topic}/${source.partition}/${source.offset}`;
  const base = {
    auditId: where,
    eventId: h[HEADER.eventId] ?? null,
    correlationId: h[HEADER.correlationId] ?? null,
    eventType: source.eventType ?? null,
    senderOfficeId: null,
    recipientOfficeId: null,
    payloadSha256: source.payloadSha256,
  };
  // A dead letter an operator put back: the trail says which letter, by whom and why (the reason is a short note).
  const requeue = h[REQUEUE_HEADER.from]
    ? {
        requeuedFrom: h[REQUEUE_HEADER.from],
        requeuedBy: h[REQUEUE_HEADER.by],
        requeueReason: h[REQUEUE_HEADER.reason],
      }
    : {};
  const common = { source: where, occurredAt: iso(source.timestamp), ...requeue };
  const undecodable = source.value === undefined ? { decodable: 'false' } : {};

  switch (source.kind) {
    case 'ingest': {
      const facts = eventFacts(source.value);
      const acknowledgement = source.eventType === 'acknowledgement';
      return [
        {
          ...base,
          hop: acknowledgement ? 'ACKNOWLEDGED' : 'RECEIVED',
          eventId: facts.eventId ?? base.eventId,
          correlationId: facts.correlationId ?? base.correlationId,
          senderOfficeId: facts.senderOfficeId ?? null,
          recipientOfficeId: facts.originalSenderOfficeId ?? null,
          details: compact({
            ...common,
            ...undecodable,
            producer: h[HEADER.producer],
            schemaSubject: h[HEADER.schemaSubject],
            schemaVersion: h[HEADER.schemaVersion],
            category: facts.category,
            urgency: facts.urgency,
            acknowledgedEventId: facts.acknowledgedEventId,
            status: facts.status,
            reasonCode: facts.reasonCode,
          }),
        },
      ];
    }
    case 'dead-letter':
      return [
        {
          ...base,
          hop: 'REJECTED',
          // A dead letter too large to copy carries the original's hash instead of its bytes.
          payloadSha256: h[DEAD_LETTER_HEADER.originalSha256] ?? base.payloadSha256,
          details: compact({
            ...common,
            reasonCode: h[DEAD_LETTER_HEADER.reasonCode] ?? 'UNKNOWN',
            originalStored: h[DEAD_LETTER_HEADER.originalStored],
            service: h[DEAD_LETTER_HEADER.failedService],
            rejectedFrom: `${h[DEAD_LETTER_HEADER.topic]}/${h[DEAD_LETTER_HEADER.partition]}/${h[DEAD_LETTER_HEADER.offset]}`,
          }),
        },
      ];
    case 'routed': {
      if (source.value === undefined)
        return [{ ...base, hop: 'ROUTED', details: compact({ ...common, ...undecodable }) }];
      const { decision, event } = source.value as RoutedRecord;
      const facts = eventFacts(event);
      const routed = {
        ...base,
        hop: 'ROUTED' as const,
        eventId: decision.eventId,
        senderOfficeId: facts.senderOfficeId ?? null,
      };
      const shared = {
        ...common,
        routedEventId: h[HEADER.eventId],
        directoryVersion: decision.directoryVersion,
        signedBy: decision.signedBy ?? undefined,
        signingKeyId: decision.signingKeyId ?? undefined,
        category: facts.category,
        urgency: facts.urgency,
      };
      if (decision.recipients.length === 0) return [{ ...routed, details: compact({ ...shared, recipients: '0' }) }];
      return decision.recipients.map((r, i) => ({
        ...routed,
        auditId: `${where}#${i + 1}`,
        recipientOfficeId: r.officeId,
        details: compact({
          ...shared,
          role: r.role,
          provisional: String(r.provisional),
          rule: r.rule,
          legalBasis: r.legalBasis,
        }),
      }));
    }
    case 'redaction-report': {
      const report = source.value as RedactionReport | undefined;
      return [
        {
          ...base,
          hop: 'REDACTED',
          eventId: report?.eventId ?? base.eventId,
          recipientOfficeId: report?.recipientOfficeId ?? null,
          details: compact({
            ...common,
            ...undecodable,
            reportEventId: h[HEADER.eventId],
            policyVersion: report?.policyVersion,
            viewSubject: report?.viewSubject,
            legalBasis: report?.legalBasis,
            removedPaths: report?.removedPaths.join(','),
            withheldPaths: report?.withheldPaths.join(','),
          }),
        },
      ];
    }
    case 'erasure': {
      const erasure = source.value as CaseErasure | undefined;
      return [
        {
          ...base,
          hop: 'ERASED',
          correlationId: erasure?.correlationId ?? base.correlationId,
          details: compact({
            ...common,
            ...undecodable,
            erasedAt: erasure?.erasedAt,
            erasedBy: erasure?.erasedBy,
            reason: erasure?.reason,
            legalBasis: erasure?.legalBasis,
            caseReference: erasure?.caseReference,
            keyIds: erasure?.keyIds.join(','),
            repeated: erasure ? String(erasure.repeated) : undefined,
            purgedLetter: erasure?.purgedLetter ?? undefined,
          }),
        },
      ];
    }
    case 'delivery':
      return [
        {
          ...base,
          hop: 'DELIVERED',
          eventId: h[DELIVERY_HEADER.sourceEventId] ?? base.eventId,
          eventType: h[DELIVERY_HEADER.eventType] ?? null,
          recipientOfficeId: h[DELIVERY_HEADER.recipientOffice] ?? null,
          details: compact({
            ...common,
            deliveryEventId: h[HEADER.eventId],
            topic: source.topic,
            partition: String(source.partition),
            offset: source.offset,
            role: h[DELIVERY_HEADER.recipientRole],
            rule: h[DELIVERY_HEADER.routingRule],
            policyVersion: h[DELIVERY_HEADER.policyVersion],
            viewSubject: h[HEADER.schemaSubject],
          }),
        },
      ];
  }
};
