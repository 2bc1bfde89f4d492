import { z } from 'zod';
import { caseKeyVariables, kafkaVariables, loadConfig, operationsVariables, port } from '@ksb/config';
import { TOPIC_SUFFIX_PATTERN } from '@ksb/contracts';
import { httpsListenerIssues, operationsAccessProblem } from '@ksb/service';

const schema = z.object({
  ...kafkaVariables,
  /** The per-case key store (ADR 0023): a delivery to an office without an encryption key is sealed under it. */
  ...caseKeyVariables,
  /** Opens /metrics (key retirement); required beyond loopback, where metrics would otherwise be open. */
  ...operationsVariables,
  KSB_TOPIC_SUFFIX: z.string().regex(TOPIC_SUFFIX_PATTERN).optional(),
  KSB_DELIVERY_API_HOST: z.string().default('127.0.0.1'),
  KSB_DELIVERY_API_PORT: port.default(8094),
  /** The offices' API keys, the gateway's store (`ksb keys`): one credential per office for both directions. */
  KSB_DELIVERY_API_KEYS_FILE: z.string().min(1),
  /**
   * The proxy key the API signs offices' answers (pickup receipts, accept, reject) with, as the gateway signs
   * what they send: the register's purpose gateway-proxy (docs/adr/0014-signed-events-and-deliveries.md).
   */
  KSB_DELIVERY_API_SIGNING_KEY_FILE: z.string().min(1),
  KSB_DELIVERY_API_SIGNING_KEY_ID: z.string().min(1),
  /** The bridge's status key (purpose status): each entry of a sender's status trail is a token signed with it. */
  KSB_STATUS_SIGNING_KEY_FILE: z.string().min(1),
  KSB_STATUS_SIGNING_KEY_ID: z.string().min(1),
  /** The key register: its directory maintainer keys decide which directory snapshots the API follows. */
  KSB_SIGNING_KEYS_FILE: z.string().min(1),
  /** Offices' callback URLs and secrets (`[{ officeId, url, secret }]`); none: no callbacks. */
  KSB_DELIVERY_API_CALLBACKS_FILE: z.string().min(1).optional(),
  /** HTTPS, required beyond loopback: deliveries are personal data. */
  KSB_DELIVERY_API_TLS_CERT_FILE: z.string().min(1).optional(),
  KSB_DELIVERY_API_TLS_KEY_FILE: z.string().min(1).optional(),
  /** The longest long-poll an office may ask for. */
  KSB_DELIVERY_API_MAX_WAIT_SECONDS: z.coerce.number().int().min(0).max(120).default(30),
  /**
   * How long a sealed delivery stays readable once its office accepted it: deletion-periods.json says (30 days)
   * unless set, for a drill or a test. Checked every KSB_DELIVERY_API_RETIREMENT_CHECK_MS.
   */
  KSB_DELIVERY_API_READABLE_AFTER_ACCEPTANCE_MS: z.coerce.number().int().min(0).optional(),
  KSB_DELIVERY_API_RETIREMENT_CHECK_MS: z.coerce.number().int().min(100).default(3_600_000),
  KSB_LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug']).default('log'),
});

const checked = schema.superRefine((c, ctx) => {
  const listener = {
    host: c.KSB_DELIVERY_API_HOST,
    certFile: c.KSB_DELIVERY_API_TLS_CERT_FILE,
    keyFile: c.KSB_DELIVERY_API_TLS_KEY_FILE,
  };
  for (const issue of httpsListenerIssues('KSB_DELIVERY_API', listener, 'deliveries'))
    ctx.addIssue({ code: 'custom', path: [issue.variable], message: issue.message });
  const operations = operationsAccessProblem(c.KSB_DELIVERY_API_HOST, c.KSB_OPS_TOKEN);
  if (operations) ctx.addIssue({ code: 'custom', path: ['KSB_OPS_TOKEN'], message: operations });
});

export type DeliveryApiConfig = z.infer<typeof schema>;
export const loadDeliveryApiConfig = (env?: Record<string, string | undefined>): DeliveryApiConfig =>
  loadConfig('delivery-api', checked, env);
