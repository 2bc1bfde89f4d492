import {
  ACKNOWLEDGEMENT_INGEST_TOPIC,
  AUDIT_TRAIL_TOPIC,
  CANARY_DELIVERY_TOPIC,
  CANARY_INGEST_TOPIC,
  CANARY_ROUTED_TOPIC,
  DEAD_LETTER_REQUEUE_ID_PREFIX,
  DEAD_LETTER_TOPIC,
  deliveryTopicName,
  DIRECTORY_CONTACTS_TOPIC,
  DIRECTORY_SNAPSHOT_TOPIC,
  EVENT_TYPES,
  ESCALATION_TOPIC,
  EXTERNAL_HANDOFF_TOPIC,
  OPS_ALERT_TOPIC,
  CASE_ERASURE_TOPIC,
  physicalTopic,
  REDACTION_REPORT_TOPIC,
  type OfficeRole,
} from '@ksb/contracts';
import { byRuleKey, type AccessRule, type Operation, type ResourceType } from './access-rule';
import {
  kafkaUser,
  officeGroupPrefix,
  officePrincipal,
  STAGE_PRINCIPALS,
  stageGroupPrefix,
  transactionalIdPrefix,
  type StageName,
} from './principals';

/** Kafka's wildcard resource name (a LITERAL "*" matches every resource of its type). */
export const ANY = '*';

/** What the plan is derived from: the directory's offices and the deployment's topic suffix. */
export interface AccessPlanInput {
  readonly offices: readonly { readonly id: string; readonly role: OfficeRole }[];
  /** Logical topics the audit writer follows (`auditedTopics` of @ksb/audit-trail). */
  readonly auditedTopics: readonly string[];
  /** A deployment or broker test on a shared cluster (physicalTopic in @ksb/contracts). */
  readonly topicSuffix?: string;
}

/**
 * The least-privilege plan: every ACL the bridge's identities need, and nothing else. Everything not
 * listed is refused (`allow.everyone.if.no.acl.found=false`); the admin is a super user and not in it.
 *
 * - an office reads only its own delivery topic, with its own group prefix, and writes only the ingest
 *   topics of the event types its role may send;
 * - only the router writes routed topics, only the redactor delivery topics, only the audit writer the audit
 *   trail, only the directory publisher the directory;
 * - ingest, routed and dead-letter topics are read by the stages and the auditor alone.
 */
export const accessPlan = (input: AccessPlanInput): AccessRule[] => {
  const topic = (logical: string) => physicalTopic(logical, input.topicSuffix);
  const rules: AccessRule[] = [];
  const grant = (
    principalName: string,
    resourceType: ResourceType,
    resourceName: string,
    operations: readonly Operation[],
    why: string,
    patternType: AccessRule['patternType'] = 'LITERAL',
  ) => {
    for (const operation of operations)
      rules.push({ principal: kafkaUser(principalName), resourceType, resourceName, patternType, operation, why });
  };
  const topics = (stage: StageName, logical: readonly string[], operations: readonly Operation[], why: string) => {
    for (const t of logical) grant(STAGE_PRINCIPALS[stage], 'TOPIC', topic(t), operations, why);
  };
  const groups = (stage: StageName, why: string) =>
    grant(STAGE_PRINCIPALS[stage], 'GROUP', stageGroupPrefix(stage), ['READ'], why, 'PREFIXED');
  const transactions = (stage: 'router' | 'redactor' | 'auditWriter', prefix: string) =>
    grant(
      STAGE_PRINCIPALS[stage],
      'TRANSACTIONAL_ID',
      prefix,
      ['WRITE'],
      'exactly-once: its transactions fence a crashed instance',
      'PREFIXED',
    );

  const ingest = EVENT_TYPES.map((e) => e.ingestTopic);
  const routed = EVENT_TYPES.map((e) => e.routedTopic);
  const deliveries = [...input.offices.map((o) => deliveryTopicName(o.id)), EXTERNAL_HANDOFF_TOPIC];

  topics('gateway', ingest, ['WRITE'], 'publishes what agencies send over HTTP');

  topics('router', [...ingest, CANARY_INGEST_TOPIC], ['READ'], 'routes agency input');
  topics('router', [DIRECTORY_SNAPSHOT_TOPIC], ['READ'], 'follows the directory without a restart');
  topics('router', routed, ['READ'], 'follows its decisions: who takes part in which case (acknowledgements)');
  topics('router', [...routed, CANARY_ROUTED_TOPIC, DEAD_LETTER_TOPIC], ['WRITE'], 'writes decisions and dead letters');
  groups('router', 'its input group, directory watchers and case followers');
  transactions('router', transactionalIdPrefix('router'));

  topics('redactor', [...routed, CANARY_ROUTED_TOPIC], ['READ'], 'redacts routed events');
  topics('redactor', [DIRECTORY_SNAPSHOT_TOPIC], ['READ'], 'follows the directory without a restart');
  topics(
    'redactor',
    [...deliveries, CANARY_DELIVERY_TOPIC, REDACTION_REPORT_TOPIC, DEAD_LETTER_TOPIC],
    ['WRITE'],
    'the only writer of deliveries and redaction reports',
  );
  groups('redactor', 'its input group and directory watchers');
  transactions('redactor', transactionalIdPrefix('redactor'));

  topics('auditWriter', input.auditedTopics, ['READ'], 'records every hop');
  topics('auditWriter', [AUDIT_TRAIL_TOPIC], ['READ', 'WRITE'], 'the only writer of the chain; reads its tails');
  groups('auditWriter', 'its input group');
  transactions('auditWriter', STAGE_PRINCIPALS.auditWriter);

  // Lag needs every group's offsets and every topic's end offsets, never a record of an office's topic.
  grant(STAGE_PRINCIPALS.lagMonitor, 'CLUSTER', 'kafka-cluster', ['DESCRIBE'], 'lists consumer groups');
  grant(STAGE_PRINCIPALS.lagMonitor, 'GROUP', ANY, ['DESCRIBE'], 'reads every group’s offsets');
  grant(STAGE_PRINCIPALS.lagMonitor, 'TOPIC', ANY, ['DESCRIBE'], 'end offsets of every topic');
  topics('lagMonitor', [CANARY_INGEST_TOPIC, OPS_ALERT_TOPIC], ['WRITE'], 'sends probes and alerts');
  topics('lagMonitor', [CANARY_DELIVERY_TOPIC], ['READ'], 'times probes at the canary recipient');
  topics('lagMonitor', [AUDIT_TRAIL_TOPIC], ['READ'], 'deadlines: deliveries, pickups and answers as recorded');
  topics('lagMonitor', [ESCALATION_TOPIC], ['READ', 'WRITE'], 'raises overdue deliveries once, read back at start');
  groups('lagMonitor', 'the canary prober');

  // Offices' software reads over HTTP what their own credential allows (ADR 0015); the API reads for them.
  topics(
    'deliveryApi',
    input.offices.map((o) => deliveryTopicName(o.id)),
    ['READ'],
    'serves each office its own deliveries over HTTP',
  );
  topics(
    'deliveryApi',
    [ACKNOWLEDGEMENT_INGEST_TOPIC],
    ['READ', 'WRITE'],
    'publishes offices’ pickups, accepts and rejects; reads them back so none is sent twice',
  );
  topics(
    'deliveryApi',
    [AUDIT_TRAIL_TOPIC, ESCALATION_TOPIC],
    ['READ'],
    'the senders’ status trails (ids and codes only)',
  );
  topics(
    'deliveryApi',
    [DIRECTORY_SNAPSHOT_TOPIC],
    ['READ'],
    'follows the signed directory: whom a recipient can call at the sending office',
  );
  topics(
    'deliveryApi',
    [CASE_ERASURE_TOPIC],
    ['READ'],
    'withholds deliveries of an erased case not yet fetched (ADR 0023)',
  );
  groups('deliveryApi', 'its delivery, answer, audit and directory followers');

  topics(
    'directoryPublisher',
    [DIRECTORY_SNAPSHOT_TOPIC, DIRECTORY_CONTACTS_TOPIC],
    ['WRITE'],
    'the only writer of the directory',
  );

  topics(
    'auditor',
    [AUDIT_TRAIL_TOPIC, REDACTION_REPORT_TOPIC, ...ingest, ...routed, DEAD_LETTER_TOPIC],
    ['READ'],
    'replays and verifies; reads the evidence, writes nothing',
  );
  groups('auditor', 'its replay groups');

  // Puts a router's dead letter back where the router verifies it again; never a routed topic (ADR 0023).
  topics('deadLetterOperator', [DEAD_LETTER_TOPIC], ['READ'], 'triages dead letters and reads one to requeue it');
  topics('deadLetterOperator', ingest, ['READ', 'WRITE'], 'requeues a letter once: looks for an earlier copy first');
  groups('deadLetterOperator', 'its readers');
  grant(
    STAGE_PRINCIPALS.deadLetterOperator,
    'TRANSACTIONAL_ID',
    DEAD_LETTER_REQUEUE_ID_PREFIX,
    ['WRITE'],
    'one transactional id per letter: two requeues of one letter fence each other',
    'PREFIXED',
  );

  // Writes what it erased, never reads a case: the keys it destroys live in the key store, not in Kafka.
  topics('caseEraser', [CASE_ERASURE_TOPIC], ['WRITE'], 'records an erasure, for the ERASED hop');

  for (const office of input.offices) {
    const name = officePrincipal(office.id);
    grant(name, 'TOPIC', topic(deliveryTopicName(office.id)), ['READ'], 'its own deliveries');
    grant(name, 'GROUP', officeGroupPrefix(office.id), ['READ'], 'its own consumer groups', 'PREFIXED');
    for (const e of EVENT_TYPES.filter((t) => t.senderRoles.includes(office.role)))
      grant(name, 'TOPIC', topic(e.ingestTopic), ['WRITE'], `sends ${e.name} (role ${office.role})`);
  }
  return rules.sort(byRuleKey);
};
