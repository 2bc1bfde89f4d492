import { generateKeyPairSync } from 'node:crypto';
import { CASE_STATUS_EVENT, registerEntry, signSecurityEvent, STATUS_ISSUER } from '@ksb/signatures';
import { statusLines } from './case-status.command';

describe('ksb case status', () => {
  it('prints each step with the key that signed it, and counts a token that does not verify', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const signer = { keyId: 'status-1', privateKey };
    const register = [
      registerEntry(privateKey, { keyId: 'status-1', owner: 'ksb', purpose: 'status', validFrom: '2026-01-01' }),
    ];
    const token = signSecurityEvent(
      {
        iss: STATUS_ISSUER,
        aud: 'kpb-mettmann',
        jti: 'a/0/1',
        iat: 1_796_000_000,
        toe: 1_796_000_000,
        txn: 'case-1',
        events: { [CASE_STATUS_EVENT]: {} },
      },
      signer,
    );
    const entries = [
      { status: 'SUBMITTED', at: '2026-12-05T10:00:00.000Z', officeId: 'kpb-mettmann', text: 'received', token },
      {
        status: 'ACCEPTED',
        at: '2026-12-05T10:05:00.000Z',
        officeId: 'ja-stadt-hilden',
        text: 'accepted',
        token: `${token}x`,
      },
    ];
    const { lines, broken } = statusLines(entries, register);
    expect(lines[0]).toBe('2026-12-05T10:00:00.000Z  SUBMITTED  received  [signed status-1]');
    expect(lines[1]).toContain('SIGNATURE INVALID');
    expect(broken).toBe(1);
    expect(statusLines(entries, undefined)).toEqual({
      lines: expect.not.arrayContaining([expect.stringContaining('[')]),
      broken: 0,
    });
  });
});
