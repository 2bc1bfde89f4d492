import { generateKeyPairSync } from 'node:crypto';
import { CASE_STATUS_EVENT, checkSecurityEvent, signSecurityEvent, STATUS_ISSUER } from './security-event-token';
import { registerEntry, type KeyPurpose } from './signing-keys';

const keyPair = (keyId: string, purpose: KeyPurpose, validFrom = '2026-01-01') => {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    signer: { keyId, privateKey },
    entry: registerEntry(privateKey, { keyId, owner: 'ksb', purpose, validFrom }),
  };
};

const claims = {
  iss: STATUS_ISSUER,
  aud: 'kpb-mettmann',
  jti: 'ksb.audit.trail/0/7',
  iat: Date.parse('2026-12-05T10:00:00Z') / 1000,
  toe: Date.parse('2026-12-05T09:59:00Z') / 1000,
  txn: 'case-1',
  events: { [CASE_STATUS_EVENT]: { status: 'ACCEPTED', officeId: 'ja-stadt-hilden' } },
};

describe('Security Event Tokens for the status trail', () => {
  it('signs a compact EdDSA JWS of type secevent+jwt that the register’s status key verifies', () => {
    const { signer, entry } = keyPair('status-1', 'status');
    const token = signSecurityEvent(claims, signer);
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as Record<string, string>;
    expect(header).toEqual({ alg: 'EdDSA', typ: 'secevent+jwt', kid: 'status-1' });
    expect(checkSecurityEvent(token, [entry])).toEqual({ ok: true, keyId: 'status-1', claims });
  });

  it('refuses a changed claim, a key of another purpose, an unknown key and a key not valid at issue time', () => {
    const { signer, entry } = keyPair('status-1', 'status');
    const token = signSecurityEvent(claims, signer);
    const [h, , s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, aud: 'kpb-soest' })).toString('base64url');
    expect(checkSecurityEvent(`${h}.${forged}.${s}`, [entry])).toMatchObject({ ok: false, reason: /does not match/ });
    const delivery = keyPair('status-1', 'delivery');
    expect(checkSecurityEvent(signSecurityEvent(claims, delivery.signer), [delivery.entry])).toMatchObject({
      ok: false,
    });
    expect(checkSecurityEvent(token, [])).toMatchObject({ ok: false, reason: /not one of/ });
    const later = keyPair('status-2', 'status', '2027-01-01');
    expect(checkSecurityEvent(signSecurityEvent(claims, later.signer), [later.entry])).toMatchObject({
      ok: false,
      reason: /not valid/,
    });
    expect(checkSecurityEvent('not.a-token', [entry])).toMatchObject({ ok: false });
  });
});
