import { sign, verify } from 'node:crypto';
import type { Signer } from './event-signature';
import { publicKeyObject, validAt, type SigningKey } from './signing-keys';

/** The issuer every status entry names: the bridge, whichever instance signed. */
export const STATUS_ISSUER = 'urn:kinderschutz-bridge';
/** The event type URI of a status entry in a token's `events` claim; the status is in its payload. */
export const CASE_STATUS_EVENT = 'urn:kinderschutz-bridge:secevent:case-status';

/** The claims of a Security Event Token (RFC 8417) that states one step of a case. */
export interface SecurityEventClaims {
  readonly iss: string;
  /** Who the statement is for: the office that reads its case's trail. */
  readonly aud: string;
  /** Unique per statement: the audit record it comes from. */
  readonly jti: string;
  /** When it was signed, and when the step happened (seconds since the epoch). */
  readonly iat: number;
  readonly toe: number;
  /** The case. */
  readonly txn: string;
  readonly events: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/**
 * A compact JWS (EdDSA, Ed25519) with media type `secevent+jwt`: evidence that leaves the system. Anyone with
 * the bridge's public key from the register checks it with an off-the-shelf JOSE library.
 */
export const signSecurityEvent = (claims: SecurityEventClaims, signer: Signer): string => {
  const header = base64url(JSON.stringify({ alg: 'EdDSA', typ: 'secevent+jwt', kid: signer.keyId }));
  const payload = base64url(JSON.stringify(claims));
  const signature = sign(null, Buffer.from(`${header}.${payload}`), signer.privateKey);
  return `${header}.${payload}.${base64url(signature)}`;
};

export type SecurityEventCheck =
  | { readonly ok: true; readonly keyId: string; readonly claims: SecurityEventClaims }
  | { readonly ok: false; readonly reason: string };

/** A reader's check: a status key of the register, valid when the token was issued, over exactly these bytes. */
export const checkSecurityEvent = (token: string, keys: readonly SigningKey[]): SecurityEventCheck => {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'not a compact JWS' };
  let header: { alg?: string; typ?: string; kid?: string };
  let claims: SecurityEventClaims;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as typeof header;
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as SecurityEventClaims;
  } catch {
    return { ok: false, reason: 'header or claims are not JSON' };
  }
  if (header.alg !== 'EdDSA' || header.typ !== 'secevent+jwt')
    return { ok: false, reason: 'not an EdDSA secevent+jwt' };
  const key = keys.find((k) => k.keyId === header.kid && k.purpose === 'status');
  if (!key) return { ok: false, reason: `${header.kid} is not one of the bridge's status keys` };
  const issued = new Date(claims.iat * 1000);
  if (!validAt(key, issued)) return { ok: false, reason: `${key.keyId} was not valid at ${issued.toISOString()}` };
  const valid = verify(
    null,
    Buffer.from(`${parts[0]}.${parts[1]}`),
    publicKeyObject(key),
    Buffer.from(parts[2], 'base64url'),
  );
  return valid ? { ok: true, keyId: key.keyId, claims } : { ok: false, reason: 'the signature does not match' };
};
