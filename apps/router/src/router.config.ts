import { z } from 'zod';
import { caseKeyVariables, kafkaVariables, operationsVariables, loadConfig, port, stageVariables } from '@ksb/config';
import { TOPIC_SUFFIX_PATTERN } from '@ksb/contracts';

const schema = z.object({
  ...kafkaVariables,
  ...operationsVariables,
  ...stageVariables,
  ...caseKeyVariables,
  KSB_TOPIC_SUFFIX: z.string().regex(TOPIC_SUFFIX_PATTERN, 'lower-case letters, digits and dashes').optional(),
  KSB_ROUTER_GROUP_ID: z.string().min(1).default('ksb-router'),
  KSB_ROUTER_HOST: z.string().default('127.0.0.1'),
  /**
   * How long a silent instance keeps its partitions. Short, because a crashed router holds urgent
   * notifications for that long before another instance takes over (Kafka's default is 45 s).
   */
  KSB_ROUTER_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).default(10_000),
  /**
   * Inputs per partition whose event ids the router remembers, to dead-letter a second copy as DUPLICATE_EVENT
   * (an agency's retry that landed twice). 10,000 covers hours at the expected volume; 0 turns it off.
   */
  KSB_ROUTER_DUPLICATE_WINDOW: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
  /**
   * The register of signing keys (JSON) the bundled directory carries until a snapshot arrives: events are
   * routed only with a valid signature of their sender's key or the gateway's proxy key.
   */
  KSB_SIGNING_KEYS_FILE: z.string().min(1),
  /** Health and Prometheus metrics. */
  KSB_ROUTER_PORT: port.default(8090),
  KSB_LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug']).default('log'),
});

export type RouterConfig = z.infer<typeof schema>;

/** Read once in main.ts; nothing else in the router touches process.env. */
export const loadRouterConfig = (env?: Record<string, string | undefined>): RouterConfig =>
  loadConfig('router', schema, env);
