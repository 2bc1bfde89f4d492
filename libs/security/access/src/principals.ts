/**
 * The identities that may connect to the bridge's Kafka: one per stage, one per office in the directory,
 * the auditor (read-only), the dead-letter operator, the case eraser and the admin (cluster operations, topics, ACLs, schema registration).
 * docs/adr/0013-identities-and-least-privilege.md.
 */
export const STAGE_PRINCIPALS = {
  gateway: 'ksb-gateway',
  router: 'ksb-router',
  redactor: 'ksb-redactor',
  auditWriter: 'ksb-audit-writer',
  lagMonitor: 'ksb-lag-monitor',
  directoryPublisher: 'ksb-directory-publisher',
  auditor: 'ksb-auditor',
  deliveryApi: 'ksb-delivery-api',
  /** `ksb dlq requeue`: reads dead letters and puts the router's back on agency input (ADR 0023). */
  deadLetterOperator: 'ksb-dead-letter-operator',
  /** `ksb case erase`: records an erasure for the audit trail; the keys it destroys are outside Kafka (ADR 0023). */
  caseEraser: 'ksb-case-eraser',
} as const;

export type StageName = keyof typeof STAGE_PRINCIPALS;

/** The super user: creates topics, applies ACLs, registers schemas. Never used by a running stage. */
export const ADMIN_PRINCIPAL = 'ksb-admin';

/** An office's user name: its directory id, so a log line or an ACL names the office itself. */
export const officePrincipal = (officeId: string): string => `office-${officeId}`;

export const kafkaUser = (name: string): string => `User:${name}`;

/**
 * Consumer groups a stage may use start with its user name: the stages' group ids were `ksb-<stage>…`
 * before there were identities, and no stage name is the start of another's (asserted in the tests).
 */
export const stageGroupPrefix = (stage: StageName): string => STAGE_PRINCIPALS[stage];

/**
 * An office's groups start with `office-<id>.`: the dot ends the id, so `office-ja-x` can never join the
 * groups of an office `ja-x-nord`.
 */
export const officeGroupPrefix = (officeId: string): string => `${officePrincipal(officeId)}.`;

/** The transactional ids the stream stages use: `<service>-<input partition>` (ADR 0008). */
export const transactionalIdPrefix = (service: 'router' | 'redactor'): string => `${service}-`;
