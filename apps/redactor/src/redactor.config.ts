import { z } from 'zod';
import { caseKeyVariables, kafkaVariables, operationsVariables, loadConfig, port, stageVariables } from '@ksb/config';
import { TOPIC_SUFFIX_PATTERN } from '@ksb/contracts';

const schema = z.object({
  ...kafkaVariables,
  ...operationsVariables,
  ...stageVariables,
  ...caseKeyVariables,
  KSB_TOPIC_SUFFIX: z.string().regex(TOPIC_SUFFIX_PATTERN, 'lower-case letters, digits and dashes').optional(),
  KSB_REDACTOR_GROUP_ID: z.string().min(1).default('ksb-redactor'),
  KSB_REDACTOR_HOST: z.string().default('127.0.0.1'),
  /** PKCS#8 PEM of the bridge's delivery key and its id in the directory's key register. */
  KSB_REDACTOR_SIGNING_KEY_FILE: z.string().min(1),
  KSB_REDACTOR_SIGNING_KEY_ID: z.string().min(1),
  /** The key register: the directory maintainer keys in it decide which directory snapshots are trusted. */
  KSB_SIGNING_KEYS_FILE: z.string().min(1),
  /** Health and Prometheus metrics. */
  KSB_REDACTOR_PORT: port.default(8091),
  KSB_REDACTOR_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).default(10_000),
  KSB_LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug']).default('log'),
});

export type RedactorConfig = z.infer<typeof schema>;
export const loadRedactorConfig = (env?: Record<string, string | undefined>): RedactorConfig =>
  loadConfig('redactor', schema, env);
