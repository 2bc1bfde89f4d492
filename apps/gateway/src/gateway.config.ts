import { z } from 'zod';
import { caseKeyVariables, kafkaVariables, loadConfig, port } from '@ksb/config';
import { TOPIC_SUFFIX_PATTERN } from '@ksb/contracts';
import { httpsListenerIssues } from '@ksb/service';

const schema = z.object({
  ...kafkaVariables,
  /** The per-case key store (ADR 0023): events are sealed under their case's key, and producers get keys here. */
  ...caseKeyVariables,
  KSB_TOPIC_SUFFIX: z.string().regex(TOPIC_SUFFIX_PATTERN).optional(),
  KSB_GATEWAY_HOST: z.string().default('127.0.0.1'),
  KSB_GATEWAY_PORT: port.default(8088),
  /** JSON file: [{ "officeId": "kpb-mettmann", "keySha256": "<hex>" }]; keys themselves are never stored. */
  KSB_GATEWAY_API_KEYS_FILE: z.string().min(1),
  KSB_GATEWAY_RATE_BURST: z.coerce.number().int().min(1).default(30),
  KSB_GATEWAY_RATE_PER_SECOND: z.coerce.number().positive().default(1),
  /** Case keys a producer may ask for (one per event it sends to Kafka itself). */
  KSB_GATEWAY_KEY_RATE_BURST: z.coerce.number().int().min(1).default(500),
  KSB_GATEWAY_KEY_RATE_PER_SECOND: z.coerce.number().positive().default(100),
  /** PKCS#8 PEM of the gateway's proxy key and its id in the directory's key register: it signs what it accepts. */
  KSB_GATEWAY_SIGNING_KEY_FILE: z.string().min(1),
  KSB_GATEWAY_SIGNING_KEY_ID: z.string().min(1),
  KSB_GATEWAY_IDEMPOTENCY_HOURS: z.coerce.number().positive().default(24),
  /**
   * HTTPS (docs/adr/0006): certificate and key as PEM files. Required when the gateway listens beyond loopback,
   * where agencies' API keys and events would otherwise cross the network in the clear.
   */
  KSB_GATEWAY_TLS_CERT_FILE: z.string().min(1).optional(),
  KSB_GATEWAY_TLS_KEY_FILE: z.string().min(1).optional(),
  /** The CA that issues agencies' client certificates (CN = office id); with it, certificates are asked for. */
  KSB_GATEWAY_TLS_CLIENT_CA_FILE: z.string().min(1).optional(),
  KSB_GATEWAY_TLS_CLIENT_CERT: z.enum(['off', 'optional', 'required']).default('optional'),
  KSB_LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug']).default('log'),
});

/** What the variables must say together: both TLS files or neither, and TLS wherever the network can listen. */
const checked = schema.superRefine((c, ctx) => {
  const listener = {
    host: c.KSB_GATEWAY_HOST,
    certFile: c.KSB_GATEWAY_TLS_CERT_FILE,
    keyFile: c.KSB_GATEWAY_TLS_KEY_FILE,
  };
  for (const issue of httpsListenerIssues('KSB_GATEWAY', listener, 'API keys and events'))
    ctx.addIssue({ code: 'custom', path: [issue.variable], message: issue.message });
  if (c.KSB_GATEWAY_TLS_CLIENT_CA_FILE && !c.KSB_GATEWAY_TLS_CERT_FILE)
    ctx.addIssue({
      code: 'custom',
      path: ['KSB_GATEWAY_TLS_CLIENT_CA_FILE'],
      message: 'client certificates need the gateway to serve TLS (KSB_GATEWAY_TLS_CERT_FILE)',
    });
});

export type GatewayConfig = z.infer<typeof schema>;
export const loadGatewayConfig = (env?: Record<string, string | undefined>): GatewayConfig =>
  loadConfig('gateway', checked, env);
