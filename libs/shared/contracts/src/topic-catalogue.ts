import { NAMESPACE_ROOT } from './naming';
import { retentionMsOf, type RetentionClass } from './deletion-periods';
import { EVENT_TYPES } from './event-types';
import {
  MAX_BATCH_BYTES,
  MAX_EVENT_BYTES,
  MAX_RECORD_OVERHEAD_BYTES,
  MAX_SEAL_OVERHEAD_BYTES,
  RECORD_LIMITS,
} from './size-limits';

export type CleanupPolicy = 'delete' | 'compact';

/** Codecs Kafka supports; the bridge reads all of them and writes what a topic declares. */
export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** Registry compatibility levels the bridge uses (docs/adr/0004-naming-and-layers.md). */
export type Compatibility = 'BACKWARD_TRANSITIVE' | 'FULL_TRANSITIVE';

/** A topic as the bridge declares it; replication comes from the cluster it is applied to. */
export interface TopicSpec {
  readonly name: string;
  readonly purpose: string;
  readonly partitions: number;
  readonly cleanupPolicy: CleanupPolicy;
  /** Which deletion period applies (schemas/ops/deletion-periods.json), with its legal basis. */
  readonly retentionClass: RetentionClass;
  /** From the class's period; -1 keeps records forever (audit). */
  readonly retentionMs: number;
  /** Full names of the Avro records this topic may carry. */
  readonly records: readonly string[];
  /**
   * Ingest may evolve backward-transitively (new readers read all old data); anything read by another
   * service or agency is FULL_TRANSITIVE so producers and consumers can upgrade in either order.
   */
  readonly compatibility: Compatibility;
  /** The topic's `max.message.bytes`, from the size limits (size-limits.ts). */
  readonly maxMessageBytes: number;
  /** What the bridge's producers compress this topic's records with. */
  readonly compression: Compression;
}

/**
 * LZ4: the cheapest codec Kafka has, for latency; records are small text, so it still halves them. The
 * bridge reads every codec, whatever another producer chose.
 */
const DEFAULT_COMPRESSION: Compression = 'lz4';

/** A topic's retention comes from its class's deletion period, never a number written here. */
const kept = (retentionClass: RetentionClass) => ({ retentionClass, retentionMs: retentionMsOf(retentionClass) });
/** The bridge's own records by Avro full name, declared once (agencies' event records: schemas/event-types.json). */
export const RECORD = {
  RedactionReport: `${NAMESPACE_ROOT}.infra.RedactionReport`,
  AuditRecord: `${NAMESPACE_ROOT}.infra.AuditRecord`,
  DirectorySnapshot: `${NAMESPACE_ROOT}.directory.DirectorySnapshot`,
  ContactRegisterEntry: `${NAMESPACE_ROOT}.directory.ContactRegisterEntry`,
  CanaryProbe: `${NAMESPACE_ROOT}.ops.CanaryProbe`,
  OpsAlert: `${NAMESPACE_ROOT}.ops.OpsAlert`,
  DeliveryEscalation: `${NAMESPACE_ROOT}.ops.DeliveryEscalation`,
  /** A delivery encrypted to its office's keys, on any delivery topic (ADR 0023). */
  EncryptedDelivery: `${NAMESPACE_ROOT}.infra.EncryptedDelivery`,
  /** A case whose keys were destroyed (`ksb case erase`, ADR 0023). */
  CaseErasure: `${NAMESPACE_ROOT}.ops.CaseErasure`,
} as const;

export const CANARY_RECORD = RECORD.CanaryProbe;
export const CANARY_INGEST_TOPIC = 'ksb.ingest.canary';
export const CANARY_ROUTED_TOPIC = 'ksb.routed.canary';
/** The canary recipient: a topic no office reads and the audit does not follow. */
export const CANARY_DELIVERY_TOPIC = 'ksb.delivery.canary';
/** One probe per direction of the cooperation, through the same services as real events. */
export const CANARY_ROUTES = ['police-to-jugendamt', 'jugendamt-to-police'] as const;
export const AUDIT_TRAIL_TOPIC = 'ksb.audit.trail';
export const REDACTION_REPORT_TOPIC = 'ksb.audit.redaction-reports';
export const DEAD_LETTER_TOPIC = 'ksb.ops.dead-letter';
export const OPS_ALERT_TOPIC = 'ksb.ops.alerts';
export const ESCALATION_TOPIC = 'ksb.ops.escalations';
export const CASE_ERASURE_TOPIC = 'ksb.ops.case-erasures';
export const DIRECTORY_SNAPSHOT_TOPIC = 'ksb.directory.snapshot';
export const DIRECTORY_CONTACTS_TOPIC = 'ksb.directory.contacts';

const ingest = (name: string, record: string, purpose: string): TopicSpec => ({
  name: `ksb.ingest.${name}`,
  purpose,
  partitions: 3,
  cleanupPolicy: 'delete',
  ...kept('ingest'),
  records: [record],
  compatibility: 'BACKWARD_TRANSITIVE',
  // The broker itself refuses an event larger than the bridge carries, whoever produces it.
  maxMessageBytes: RECORD_LIMITS.ingest,
  compression: DEFAULT_COMPRESSION,
});

/**
 * Every topic the bridge uses. Partitions are few because volume is small (BRIEF §2) but above one, so a
 * consumer group can fail over per partition and ordering is kept per case key.
 */
const routed = (name: string, record: string): TopicSpec => ({
  name: `ksb.routed.${name}`,
  purpose: 'Ingested events with their routing decision, for the redaction service (read_committed).',
  partitions: 3,
  cleanupPolicy: 'delete',
  ...kept('routed'),
  records: [record],
  compatibility: 'FULL_TRANSITIVE',
  maxMessageBytes: MAX_BATCH_BYTES,
  compression: DEFAULT_COMPRESSION,
});

export const TOPIC_CATALOGUE: readonly TopicSpec[] = [
  // One ingest and one routed topic per event type (schemas/event-types.json).
  ...EVENT_TYPES.map((t) => ingest(t.name, t.record, t.purpose)),
  ...EVENT_TYPES.map((t) => routed(t.name, t.routedRecord)),
  {
    name: REDACTION_REPORT_TOPIC,
    purpose: 'Per delivery: which field paths were removed or withheld, policy version, legal basis; never values.',
    partitions: 3,
    cleanupPolicy: 'delete',
    ...kept('redaction-report'),
    records: [RECORD.RedactionReport],
    compatibility: 'FULL_TRANSITIVE',
    maxMessageBytes: MAX_BATCH_BYTES,
    compression: DEFAULT_COMPRESSION,
  },
  {
    name: AUDIT_TRAIL_TOPIC,
    purpose:
      'Every hop of every event (ids, offices, versions, payload hashes; never values), hash-chained per partition ' +
      'with signed checkpoints. One writer (docs/adr/0010-audit-trail.md); kept forever.',
    partitions: 3,
    cleanupPolicy: 'delete',
    ...kept('audit'),
    records: [RECORD.AuditRecord],
    // Readers before the writer (ADR 0023): a new kind of hop is a new enum symbol, which FULL would refuse.
    compatibility: 'BACKWARD_TRANSITIVE',
    maxMessageBytes: MAX_BATCH_BYTES,
    compression: DEFAULT_COMPRESSION,
  },
  {
    name: DIRECTORY_SNAPSHOT_TOPIC,
    purpose:
      'The office directory, one complete version per record (key "directory"); routers switch without a restart.',
    partitions: 1,
    cleanupPolicy: 'compact',
    ...kept('directory'),
    records: [RECORD.DirectorySnapshot],
    compatibility: 'FULL_TRANSITIVE',
    maxMessageBytes: MAX_BATCH_BYTES,
    compression: DEFAULT_COMPRESSION,
  },
  {
    name: DIRECTORY_CONTACTS_TOPIC,
    purpose: 'Contact register (Ansprechpersonen per office), latest entry per key.',
    partitions: 1,
    cleanupPolicy: 'compact',
    ...kept('directory'),
    records: [RECORD.ContactRegisterEntry],
    compatibility: 'FULL_TRANSITIVE',
    maxMessageBytes: MAX_BATCH_BYTES,
    compression: DEFAULT_COMPRESSION,
  },
  {
    name: CANARY_INGEST_TOPIC,
    purpose: 'Synthetic probes entering the bridge, as an agency event would.',
    partitions: 3,
    cleanupPolicy: 'delete',
    ...kept('canary'),
    records: [CANARY_RECORD],
    compatibility: 'BACKWARD_TRANSITIVE',
    maxMessageBytes: MAX_BATCH_BYTES,
    compression: DEFAULT_COMPRESSION,
  },
  {
    name: CANARY_ROUTED_TOPIC,
    purpose: 'Probes after the routing service, on their way to redaction.',
    partitions: 3,
    cleanupPolicy: 'delete',
    ...kept('canary'),
    records: [CANARY_RECORD],
    compatibility: 'FULL_TRANSITIVE',
    maxMessageBytes: MAX_BATCH_BYTES,
    compression: DEFAULT_COMPRESSION,
  },
  {
    name: CANARY_DELIVERY_TOPIC,
    purpose: 'Probes after the redaction service: the canary recipient, where the lag monitor times each route.',
    partitions: 3,
    cleanupPolicy: 'delete',
    ...kept('canary'),
    records: [CANARY_RECORD],
    compatibility: 'FULL_TRANSITIVE',
    maxMessageBytes: MAX_BATCH_BYTES,
    compression: DEFAULT_COMPRESSION,
  },
  {
    name: OPS_ALERT_TOPIC,
    purpose: 'Lag monitor alerts, one record when an alert fires and one when it resolves (key: rule and subject).',
    partitions: 1,
    cleanupPolicy: 'delete',
    ...kept('operations'),
    records: [RECORD.OpsAlert],
    compatibility: 'FULL_TRANSITIVE',
    maxMessageBytes: MAX_BATCH_BYTES,
    compression: DEFAULT_COMPRESSION,
  },
  {
    name: ESCALATION_TOPIC,
    purpose:
      'Deliveries past their pickup or answer deadline: raised once per level, resolved once (key: recipient and ' +
      'event). Read back by the lag monitor at start, so an escalation neither repeats nor is forgotten.',
    partitions: 1,
    cleanupPolicy: 'delete',
    ...kept('operations'),
    records: [RECORD.DeliveryEscalation],
    compatibility: 'FULL_TRANSITIVE',
    maxMessageBytes: MAX_BATCH_BYTES,
    compression: DEFAULT_COMPRESSION,
  },
  {
    name: CASE_ERASURE_TOPIC,
    purpose:
      'Cases erased with ksb case erase: whose keys were destroyed, by whom, why and under which provision (key: ' +
      'case). The audit writer records each as an ERASED hop, which stays when this record has aged out.',
    partitions: 3,
    cleanupPolicy: 'delete',
    ...kept('operations'),
    records: [RECORD.CaseErasure],
    compatibility: 'FULL_TRANSITIVE',
    maxMessageBytes: MAX_BATCH_BYTES,
    compression: DEFAULT_COMPRESSION,
  },
  {
    name: DEAD_LETTER_TOPIC,
    purpose: 'Input no service could process, with the reason in headers; kept for manual repair.',
    partitions: 3,
    cleanupPolicy: 'delete',
    ...kept('dead-letter'),
    records: [],
    compatibility: 'FULL_TRANSITIVE',
    maxMessageBytes: MAX_BATCH_BYTES,
    compression: DEFAULT_COMPRESSION,
  },
];

export const topicSpec = (name: string): TopicSpec => {
  const spec = TOPIC_CATALOGUE.find((t) => t.name === name);
  if (!spec) throw new Error(`topic ${name} is not declared in the topic catalogue`);
  return spec;
};

/** The topic only this office reads (broker ACLs per office later); one partition keeps its order. */
export const deliveryTopicName = (officeId: string): string => `ksb.delivery.${officeId}`;
export const EXTERNAL_HANDOFF_TOPIC = 'ksb.handoff.external';

/** Delivery topics are derived from the directory (one per office) and the views the policy defines. */
export const deliveryTopicSpec = (name: string, views: readonly string[]): TopicSpec => ({
  name,
  purpose:
    name === EXTERNAL_HANDOFF_TOPIC
      ? 'Deliveries for offices outside the participating ones, for manual forwarding; header ksb-handoff-reason says why.'
      : 'Redacted deliveries for one office, each signed by the bridge (ksb-signature); read over HTTP through the delivery API.',
  partitions: 1,
  cleanupPolicy: 'delete',
  ...kept(name === EXTERNAL_HANDOFF_TOPIC ? 'handoff' : 'delivery'),
  // The views the policy defines for the office's role, and the envelope once the office registered a key.
  records: [...views, RECORD.EncryptedDelivery],
  compatibility: 'FULL_TRANSITIVE',
  maxMessageBytes: MAX_BATCH_BYTES,
  compression: DEFAULT_COMPRESSION,
});

/**
 * The records a consumer accepts on a logical topic: what the catalogue declares for it. Undefined where the
 * records are not static (delivery topics carry the views the policy derives; dead letters any original).
 */
export const acceptedRecords = (logical: string): readonly string[] | undefined => {
  const records = TOPIC_CATALOGUE.find((t) => t.name === logical)?.records;
  return records && records.length > 0 ? records : undefined;
};

/** What a producer compresses a topic's records with; delivery topics share the catalogue's default. */
export const compressionOf = (logical: string): Compression =>
  TOPIC_CATALOGUE.find((t) => t.name === logical)?.compression ?? DEFAULT_COMPRESSION;

const isIngest = (logical: string): boolean =>
  !!TOPIC_CATALOGUE.find((t) => t.name === logical)?.name.startsWith('ksb.ingest.');

/**
 * The largest value a producer may write to a logical topic: an agency event on ingest topics (sealed or
 * not), otherwise what the topic's record limit leaves after key and headers.
 */
export const maxValueBytes = (logical: string): number => {
  if (isIngest(logical)) return MAX_EVENT_BYTES + MAX_SEAL_OVERHEAD_BYTES;
  return (
    (TOPIC_CATALOGUE.find((t) => t.name === logical)?.maxMessageBytes ?? MAX_BATCH_BYTES) - MAX_RECORD_OVERHEAD_BYTES
  );
};

/** The largest record as encoded, before an envelope seals or encrypts it: on ingest, the agency's event. */
export const maxEncodedBytes = (logical: string): number =>
  isIngest(logical) ? MAX_EVENT_BYTES : maxValueBytes(logical);
