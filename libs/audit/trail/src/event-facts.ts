/**
 * The few facts of an agency event the audit keeps: ids, offices and code-list values. Never a name, an
 * address, a case number or free text: this is the one place that reads an event for the audit, so the
 * "no personal data" rule is checked here (and by its test) rather than everywhere.
 */
export interface EventFacts {
  readonly eventId?: string;
  readonly correlationId?: string;
  readonly senderOfficeId?: string;
  /** Police: triggerCategory; Jugendamt: dangerType. */
  readonly category?: string;
  readonly urgency?: string;
  /** Acknowledgements: which event they answer, to whom, and the status code. */
  readonly acknowledgedEventId?: string;
  readonly originalSenderOfficeId?: string;
  readonly status?: string;
  /** A rejection's reason code (code list ksb-reject-reason); its free text stays out. */
  readonly reasonCode?: string;
}

/** Only the code of "CODE" or "CODE: text", and only if it looks like one: free text never enters the audit. */
const reasonCode = (v: unknown): string | undefined => {
  const code = text(v)?.split(':')[0].trim();
  return code && /^[A-Z][A-Z_]{1,39}$/.test(code) ? code : undefined;
};

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

export const eventFacts = (value: unknown): EventFacts => {
  if (!value || typeof value !== 'object') return {};
  const v = value as Record<string, unknown>;
  const envelope = (v.envelope ?? {}) as Record<string, unknown>;
  return {
    eventId: text(envelope.eventId),
    correlationId: text(envelope.correlationId),
    senderOfficeId: text(envelope.senderOfficeId),
    category: text(v.triggerCategory) ?? text(v.dangerType),
    urgency: text(v.urgency),
    acknowledgedEventId: text(v.acknowledgedEventId),
    originalSenderOfficeId: text(v.originalSenderOfficeId),
    status: text(v.status),
    reasonCode: reasonCode(v.reason),
  };
};
