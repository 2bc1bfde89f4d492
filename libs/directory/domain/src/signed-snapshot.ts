import { sign, verify } from 'node:crypto';
import type { DirectorySnapshot } from '@ksb/contracts';
import { publicKeyObject, validAt, type Signer, type SigningKey } from '@ksb/signatures';

/**
 * What the directory maintainer signs: the snapshot without its two signature fields, as JSON with every
 * object's keys sorted (so the bytes do not depend on field order), under a statement prefix that no other
 * signature of the bridge uses.
 */
const statement = (snapshot: DirectorySnapshot): Buffer => {
  const { signature: _signature, signatureKeyId: _keyId, ...signed } = snapshot;
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
          )
        : value;
  return Buffer.from(`ksb-directory/v1\n${JSON.stringify(canonical(signed))}`);
};

export const signSnapshot = (snapshot: DirectorySnapshot, signer: Signer): DirectorySnapshot => ({
  ...snapshot,
  signatureKeyId: signer.keyId,
  signature: sign(null, statement({ ...snapshot, signature: null, signatureKeyId: null }), signer.privateKey).toString(
    'base64url',
  ),
});

export type SnapshotCheck =
  | { readonly ok: true; readonly keyId: string }
  | {
      readonly ok: false;
      readonly code: 'DIRECTORY_UNSIGNED' | 'DIRECTORY_KEY_NOT_TRUSTED' | 'DIRECTORY_SIGNATURE_INVALID';
      readonly explanation: string;
    };

/**
 * Checks a snapshot against the maintainer keys the service trusts. Those come from the service's own key
 * register (configuration), never from the snapshot: a snapshot cannot vouch for itself.
 */
export const checkSnapshot = (snapshot: DirectorySnapshot, trusted: readonly SigningKey[], at: Date): SnapshotCheck => {
  const where = `directory ${snapshot.version}`;
  if (!snapshot.signature || !snapshot.signatureKeyId)
    return { ok: false, code: 'DIRECTORY_UNSIGNED', explanation: `${where} is not signed` };
  const key = trusted.find((k) => k.keyId === snapshot.signatureKeyId && k.purpose === 'directory');
  if (!key || !validAt(key, at))
    return {
      ok: false,
      code: 'DIRECTORY_KEY_NOT_TRUSTED',
      explanation: `${where} is signed with ${snapshot.signatureKeyId}, not a directory maintainer key valid now`,
    };
  const valid = verify(null, statement(snapshot), publicKeyObject(key), Buffer.from(snapshot.signature, 'base64url'));
  return valid
    ? { ok: true, keyId: key.keyId }
    : {
        ok: false,
        code: 'DIRECTORY_SIGNATURE_INVALID',
        explanation: `${where}: the signature does not match its content`,
      };
};
