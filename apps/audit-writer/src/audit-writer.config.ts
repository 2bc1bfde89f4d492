import { z } from 'zod';
import { caseKeyVariables, kafkaVariables, operationsVariables, loadConfig, port, stageVariables } from '@ksb/config';
import { TOPIC_SUFFIX_PATTERN } from '@ksb/contracts';

const schema = z.object({
  ...kafkaVariables,
  ...operationsVariables,
  // Routed records are sealed per case; the trail takes their decision (offices, rules, versions) from inside.
  ...caseKeyVariables,
  KSB_TOPIC_SUFFIX: z.string().regex(TOPIC_SUFFIX_PATTERN, 'lower-case letters, digits and dashes').optional(),
  KSB_AUDIT_GROUP_ID: z.string().min(1).default('ksb-audit-writer'),
  /** One per deployment, never per instance: a second writer fences the first (docs/adr/0010-audit-trail.md). */
  KSB_AUDIT_TRANSACTIONAL_ID: z.string().min(1).default('ksb-audit-writer'),
  /** The client of the writer's transactional loop, the stages' own (docs/adr/0022); the fixed id on either. */
  KSB_STAGE_KAFKA_CLIENT: stageVariables.KSB_STAGE_KAFKA_CLIENT,
  /** PKCS#8 PEM file with the Ed25519 key that signs checkpoints; its public key is served at /audit/public-key. */
  KSB_AUDIT_SIGNING_KEY_FILE: z.string().min(1),
  KSB_AUDIT_CHECKPOINT_EVERY: z.coerce.number().int().min(1).default(1000),
  KSB_AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
  KSB_AUDIT_HOST: z.string().default('127.0.0.1'),
  KSB_AUDIT_PORT: port.default(8092),
  KSB_LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug']).default('log'),
});

export type AuditWriterConfig = z.infer<typeof schema>;
export const loadAuditWriterConfig = (env?: Record<string, string | undefined>): AuditWriterConfig =>
  loadConfig('audit-writer', schema, env);
