import { z } from 'zod';
import { kafkaVariables, operationsVariables, loadConfig, port } from '@ksb/config';
import { TOPIC_SUFFIX_PATTERN } from '@ksb/contracts';
import { webhookUrlProblem } from '@ksb/config';

const rule = z.discriminatedUnion('kind', [
  z.object({
    name: z.string().min(1),
    kind: z.literal('time-lag'),
    group: z.string().min(1),
    thresholdSeconds: z.number().positive(),
    forSeconds: z.number().min(0),
  }),
  z.object({
    name: z.string().min(1),
    kind: z.literal('status'),
    group: z.string().min(1),
    forSeconds: z.number().min(0),
  }),
  z.object({
    name: z.string().min(1),
    kind: z.literal('canary-missing'),
    route: z.string().min(1),
    forSeconds: z.number().positive(),
  }),
]);

/** The rules operators start from: deliveries more than a minute behind, anything not OK for two minutes, a silent route. */
const DEFAULT_RULES = JSON.stringify([
  { name: 'delivery-time-lag', kind: 'time-lag', group: 'ksb-redactor*', thresholdSeconds: 60, forSeconds: 0 },
  { name: 'routing-time-lag', kind: 'time-lag', group: 'ksb-router*', thresholdSeconds: 60, forSeconds: 0 },
  { name: 'group-not-ok', kind: 'status', group: 'ksb-*', forSeconds: 120 },
  { name: 'canary-missing-police-to-jugendamt', kind: 'canary-missing', route: 'police-to-jugendamt', forSeconds: 60 },
  { name: 'canary-missing-jugendamt-to-police', kind: 'canary-missing', route: 'jugendamt-to-police', forSeconds: 60 },
]);

const json = <T extends z.ZodTypeAny>(inner: T, fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `not JSON: ${(error as Error).message}` });
        return z.NEVER;
      }
    })
    .pipe(inner);

const schema = z
  .object({
    ...kafkaVariables,
    ...operationsVariables,
    KSB_TOPIC_SUFFIX: z.string().regex(TOPIC_SUFFIX_PATTERN, 'lower-case letters, digits and dashes').optional(),
    KSB_LAG_HOST: z.string().default('127.0.0.1'),
    /** Dashboard, JSON API, Prometheus metrics and health. */
    KSB_LAG_PORT: port.default(8093),
    KSB_LAG_POLL_MS: z.coerce.number().int().min(100).default(5000),
    /** Statuses are judged over this window; STOP and STALL need polls that span it. */
    KSB_LAG_WINDOW_MS: z.coerce.number().int().min(500).default(60_000),
    /** Short-lived readers (`<identity>.reader-…`, Wire.groupIdFor) would show as stopped groups. */
    KSB_LAG_IGNORE_GROUPS: z
      .string()
      .default('*.reader-*,*.demo-*,ksb-cli-*')
      .transform((s) =>
        s
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean),
      ),
    KSB_LAG_ALERT_RULES: json(z.array(rule), DEFAULT_RULES),
    KSB_LAG_ALERT_WEBHOOK_URL: z.string().url().optional(),
    /** Shared secret for the webhook's HMAC-SHA256 signature; required with a webhook URL. */
    KSB_LAG_ALERT_WEBHOOK_SECRET: z.string().min(16, 'at least 16 characters').optional(),
    /** 0 switches the canary off. */
    KSB_CANARY_INTERVAL_MS: z.coerce.number().int().min(0).default(5000),
    KSB_CANARY_GROUP_ID: z.string().min(1).default('ksb-lag-monitor-canary'),
    /** The deadline policy (libs/operations/deadlines/data/deadline-policy.json unless given; drills use seconds). */
    KSB_DEADLINE_POLICY_FILE: z.string().min(1).optional(),
    KSB_DEADLINE_CHECK_MS: z.coerce.number().int().min(100).default(5000),
    KSB_LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug']).default('log'),
  })
  .superRefine((c, ctx) => {
    const problem = c.KSB_LAG_ALERT_WEBHOOK_URL ? webhookUrlProblem(c.KSB_LAG_ALERT_WEBHOOK_URL) : undefined;
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['KSB_LAG_ALERT_WEBHOOK_URL'] });
  })
  .refine((c) => !c.KSB_LAG_ALERT_WEBHOOK_URL || c.KSB_LAG_ALERT_WEBHOOK_SECRET, {
    message: 'KSB_LAG_ALERT_WEBHOOK_SECRET is required when KSB_LAG_ALERT_WEBHOOK_URL is set',
    path: ['KSB_LAG_ALERT_WEBHOOK_SECRET'],
  });

export type LagMonitorConfig = z.infer<typeof schema>;
export const loadLagMonitorConfig = (env?: Record<string, string | undefined>): LagMonitorConfig =>
  loadConfig('lag-monitor', schema, env);
