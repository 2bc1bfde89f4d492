import { createHmac } from 'node:crypto';
import { OPS_ALERT_TOPIC, type OpsAlert } from '@ksb/contracts';
import type { AlertEvent } from '@ksb/lag';
import type { EventPublisher, RegisteredSchema } from '@ksb/wire';

/** Where an alert goes; every sink gets each FIRING and RESOLVED event exactly once. */
export type AlertSink = (event: AlertEvent) => Promise<void>;

export const alertId = (event: AlertEvent): string => `${event.rule}:${event.subject}`;

export const alertRecord = (event: AlertEvent): OpsAlert => ({
  alertId: alertId(event),
  state: event.state,
  rule: event.rule,
  subject: event.subject,
  summary: event.summary,
  since: new Date(event.since).toISOString(),
  at: new Date(event.at).toISOString(),
});

/** A structured log line per alert, for whatever collects the logs. */
export const logSink =
  (log: (entry: object) => void): AlertSink =>
  async (event) =>
    log({ msg: event.state === 'FIRING' ? 'alert firing' : 'alert resolved', ...alertRecord(event) });

/** An OpsAlert record on ksb.ops.alerts, keyed by rule and subject, for other systems to consume. */
export const topicSink =
  (publisher: EventPublisher, schema: RegisteredSchema): AlertSink =>
  async (event) => {
    const record = alertRecord(event);
    await publisher.publish({
      topic: OPS_ALERT_TOPIC,
      schema,
      key: record.alertId,
      value: record,
      eventId: `${record.alertId}:${record.state}:${event.at}`,
      correlationId: record.alertId,
    });
  };

export const WEBHOOK_SIGNATURE_HEADER = 'x-ksb-signature';
export const WEBHOOK_TIMESTAMP_HEADER = 'x-ksb-timestamp';

/**
 * HMAC-SHA256 over "<timestamp>.<body>" with the shared secret, as GitHub and Stripe sign webhooks: the
 * receiver recomputes it and rejects old timestamps, so a captured request cannot be replayed later.
 */
export const webhookSignature = (secret: string, timestamp: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

export const webhookSink =
  (url: string, secret: string, fetchImpl: typeof fetch = fetch): AlertSink =>
  async (event) => {
    const body = JSON.stringify(alertRecord(event));
    const timestamp = String(Math.floor(event.at / 1000));
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [WEBHOOK_TIMESTAMP_HEADER]: timestamp,
        [WEBHOOK_SIGNATURE_HEADER]: webhookSignature(secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(5000),
      // A redirect could carry the signed alert to a host nobody configured.
      redirect: 'manual',
    });
    if (!response.ok)
      throw new Error(
        `webhook ${url} answered ${response.status}${response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : ''}`,
      );
  };

/** Attempts per alert and sink before it is logged as undeliverable; waits double from 1 s. */
const DELIVERY_ATTEMPTS = 5;

/** Hands one alert event to every sink, retrying each on its own: one broken sink does not hold the others. */
export const dispatchAlert = async (
  sinks: readonly AlertSink[],
  event: AlertEvent,
  log: (entry: object) => void,
): Promise<void> => {
  await Promise.all(
    sinks.map(async (sink, index) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await sink(event);
        } catch (error) {
          if (attempt >= DELIVERY_ATTEMPTS) {
            log({ msg: 'alert not delivered', sink: index, rule: event.rule, reason: (error as Error).message });
            return;
          }
          await new Promise((r) => setTimeout(r, 1000 * 2 ** (attempt - 1)));
        }
      }
    }),
  );
};
