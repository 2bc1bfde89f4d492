import { readFileSync } from 'node:fs';
import { webhookUrlProblem } from '@ksb/config';
import {
  CALLBACK_HEADER,
  callbackBackoffMs,
  callbackSignature,
  type CallbackBody,
  type CallbackRegistration,
  type Delivery,
} from '@ksb/delivery-inbox';
import type { Directory } from '@ksb/directory';

/** Reads the operator's callback register (`[{ officeId, url, secret }]`, a 0600 file like the API keys). */
export const readCallbackRegister = (file: string, directory: Directory): Map<string, CallbackRegistration> => {
  const entries = JSON.parse(readFileSync(file, 'utf8')) as CallbackRegistration[];
  return new Map(
    entries.map((e, i) => {
      if (!directory.offices.has(e.officeId)) throw new Error(`${file}[${i}]: ${e.officeId} is no office`);
      const problem = webhookUrlProblem(e.url);
      if (problem) throw new Error(`${file}[${i}].url ${problem}`);
      if (typeof e.secret !== 'string' || e.secret.length < 32)
        throw new Error(`${file}[${i}].secret: at least 32 characters`);
      return [e.officeId, e] as const;
    }),
  );
};

/**
 * Tells an office's software that a delivery waits (id, type, urgency; no personal data), signed the
 * FIT-Connect way, and retries with exponential backoff until the receiver answers 2xx or the attempts run
 * out (then logged as an error). At least once: a restart calls back again for every delivery not yet picked
 * up, so a receiver de-duplicates by delivery id.
 */
export class CallbackSender {
  constructor(
    private readonly register: ReadonlyMap<string, CallbackRegistration>,
    private readonly log: (entry: object) => void,
    private readonly maxAttempts = 12,
  ) {}

  notify(delivery: Delivery): void {
    const registration = this.register.get(delivery.officeId);
    if (registration) void this.send(registration, delivery);
  }

  private async send(registration: CallbackRegistration, delivery: Delivery): Promise<void> {
    const payload: CallbackBody = {
      type: 'delivery',
      deliveryId: delivery.deliveryId,
      eventType: delivery.eventType,
      urgency: delivery.urgency,
      receivedAt: delivery.receivedAt,
    };
    const body = JSON.stringify(payload);
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const timestamp = String(Math.floor(Date.now() / 1000));
      try {
        const response = await fetch(registration.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [CALLBACK_HEADER.timestamp]: timestamp,
            [CALLBACK_HEADER.authentication]: callbackSignature(registration.secret, timestamp, body),
          },
          body,
          signal: AbortSignal.timeout(5000),
          // A redirect would carry the signed call to a host the office did not register.
          redirect: 'manual',
        });
        if (response.ok) return;
        this.log({ msg: 'callback refused', officeId: delivery.officeId, status: response.status, attempt });
      } catch (error) {
        this.log({ msg: 'callback failed', officeId: delivery.officeId, reason: (error as Error).message, attempt });
      }
      if (attempt < this.maxAttempts) await new Promise((resolve) => setTimeout(resolve, callbackBackoffMs(attempt)));
    }
    this.log({
      msg: 'callback given up',
      level: 'error',
      officeId: delivery.officeId,
      deliveryId: delivery.deliveryId,
    });
  }
}
