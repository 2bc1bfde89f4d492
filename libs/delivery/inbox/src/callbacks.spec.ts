import { callbackBackoffMs, callbackSignature, checkCallback, CALLBACK_MAX_AGE_SECONDS } from './callbacks';

describe('callbacks', () => {
  const secret = 'office-callback-secret';
  const body = JSON.stringify({ type: 'delivery', deliveryId: 'd1' });
  const now = 1_796_000_000;

  it('accepts a fresh call signed over timestamp and body once, and refuses its replay', () => {
    const timestamp = String(now - 2);
    const authentication = callbackSignature(secret, timestamp, body);
    expect(authentication).toMatch(/^[0-9a-f]{128}$/);
    const seen = new Set<string>();
    expect(checkCallback({ timestamp, authentication, body }, secret, now, seen)).toEqual({ ok: true });
    expect(checkCallback({ timestamp, authentication, body }, secret, now, seen)).toEqual({
      ok: false,
      reason: 'replayed',
    });
  });

  it('refuses a stale, a forged, a changed and an unsigned call', () => {
    const stale = String(now - CALLBACK_MAX_AGE_SECONDS - 1);
    const check = (t: string, a: string | undefined, b = body, s = secret) =>
      checkCallback({ timestamp: t, authentication: a, body: b }, s, now, new Set());
    expect(check(stale, callbackSignature(secret, stale, body))).toMatchObject({ reason: 'stale' });
    const t = String(now);
    expect(check(t, callbackSignature('other-secret', t, body))).toMatchObject({ reason: 'forged' });
    expect(check(t, callbackSignature(secret, t, body), body.replace('d1', 'd2'))).toMatchObject({ reason: 'forged' });
    expect(check(t, 'abc')).toMatchObject({ reason: 'forged' });
    expect(check(t, undefined)).toMatchObject({ reason: 'unsigned' });
  });

  it('backs off exponentially up to a cap', () => {
    expect([1, 2, 3, 10].map((a) => callbackBackoffMs(a))).toEqual([1000, 2000, 4000, 300_000]);
  });
});
