import { z } from 'zod';
import { kafkaVariables, loadConfig, port } from '@ksb/config';
import { TOPIC_SUFFIX_PATTERN } from '@ksb/contracts';

const schema = z.object({
  ...kafkaVariables,
  KSB_TOPIC_SUFFIX: z.string().regex(TOPIC_SUFFIX_PATTERN).optional(),
  KSB_GATEWAY_HOST: z.string().default('127.0.0.1'),
  KSB_GATEWAY_PORT: port.default(8088),
  /** JSON file: [{ "officeId": "kpb-mettmann", "keySha256": "<hex>" }]; keys themselves are never stored. */
  KSB_GATEWAY_API_KEYS_FILE: z.string().min(1),
  KSB_GATEWAY_RATE_BURST: z.coerce.number().int().min(1).default(30),
  KSB_GATEWAY_RATE_PER_SECOND: z.coerce.number().positive().default(1),
  /** PKCS#8 PEM of the gateway's proxy key and its id in the directory's key register: it signs what it accepts. */
  KSB_GATEWAY_SIGNING_KEY_FILE: z.string().min(1),
  KSB_GATEWAY_SIGNING_KEY_ID: z.string().min(1),
  KSB_GATEWAY_IDEMPOTENCY_HOURS: z.coerce.number().positive().default(24),
  KSB_LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug']).default('log'),
});

export type GatewayConfig = z.infer<typeof schema>;
export const loadGatewayConfig = (): GatewayConfig => loadConfig('gateway', schema);
