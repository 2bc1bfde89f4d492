import { createHmac, timingSafeEqual } from 'node:crypto';

/** FIT-Connect's callback headers: the HMAC and the time it was made at. */
export const CALLBACK_HEADER = {
  authentication: 'callback-authentication',
  timestamp: 'callback-timestamp',
} as const;

/** A receiver refuses calls older than this (and remembers the signatures it took within it). */
export const CALLBACK_MAX_AGE_SECONDS = 300;

/** Where an office wants to hear of new deliveries, and the secret both sides sign with. */
export interface CallbackRegistration {
  readonly officeId: string;
  readonly url: string;
  readonly secret: string;
}

/** What a callback says: that there is something to fetch, never what. */
export interface CallbackBody {
  readonly type: 'delivery';
  readonly deliveryId: string;
  readonly eventType: string;
  readonly urgency: string | null;
  readonly receivedAt: string;
}

/** HMAC-SHA512 over "<timestamp>.<body>", hex: FIT-Connect's callback scheme. */
export const callbackSignature = (secret: string, timestamp: string, body: string): string =>
  createHmac('sha512', secret).update(`${timestamp}.${body}`).digest('hex');

export type CallbackCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * The receiver's check: a fresh timestamp, a signature over exactly this body, and one not seen before (pass
 * the set of signatures taken within the window). What the README's receiver does.
 */
export const checkCallback = (
  input: { timestamp?: string; authentication?: string; body: string },
  secret: string,
  nowSeconds: number,
  seen: Set<string>,
): CallbackCheck => {
  const { timestamp, authentication, body } = input;
  if (!timestamp || !authentication) return { ok: false, reason: 'unsigned' };
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > CALLBACK_MAX_AGE_SECONDS)
    return { ok: false, reason: 'stale' };
  const expected = Buffer.from(callbackSignature(secret, timestamp, body), 'hex');
  const given = Buffer.from(authentication, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  if (seen.has(authentication)) return { ok: false, reason: 'replayed' };
  seen.add(authentication);
  return { ok: true };
};

/** Waits before each retry: 1 s, 2 s, 4 s … capped, so a receiver down for an hour still hears of it. */
export const callbackBackoffMs = (attempt: number, capMs = 300_000): number =>
  Math.min(1000 * 2 ** (attempt - 1), capMs);
