/** Which kind of bridge topic a consumed message came from; decides which hop it records. */
export type AuditedKind = 'ingest' | 'dead-letter' | 'routed' | 'redaction-report' | 'delivery' | 'erasure';

/** One consumed message as the audit writer sees it: where it was, its headers, and its decoded value if needed. */
export interface AuditSource {
  readonly kind: AuditedKind;
  /** Physical topic, partition and offset: what an auditor would look up. */
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** Kafka timestamp in ms: when the hop happened. */
  readonly timestamp: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The event type the topic carries (ingest and routed topics). */
  readonly eventType?: string;
  /**
   * The decoded value for ingest, routed, redaction-report and erasure messages; undefined when it could not be
   * decoded (the dead letter that follows records why). Only ids, offices and code-list values are read.
   */
  readonly value?: unknown;
  readonly payloadSha256: string | null;
}

/** Kinds whose value the writer decodes; deliveries and dead letters are recorded from headers alone. */
export const needsValue = (kind: AuditedKind): boolean =>
  kind === 'ingest' || kind === 'routed' || kind === 'redaction-report' || kind === 'erasure';
