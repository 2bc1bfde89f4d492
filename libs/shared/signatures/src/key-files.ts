import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Signer } from './event-signature';
import { parseKeyRegister, type SigningKey } from './signing-keys';

/** The register from a JSON file (a config map in Kubernetes, `.stack/security/signing-keys.json` locally). */
export const readKeyRegister = (file: string): SigningKey[] =>
  parseKeyRegister(JSON.parse(readFileSync(file, 'utf8')) as unknown);

/** A signer from a PKCS#8 PEM file and the id its public half has in the register. */
export const readSigner = (keyId: string, privateKeyFile: string): Signer => ({
  keyId,
  privateKey: createPrivateKey(readFileSync(privateKeyFile)),
});

/** Several private keys by owner: `[{ owner, keyId, file }]`. For tools that send as several offices (the local demo, tests). */
export const readKeyRing = (file: string): ((owner: string) => Signer | undefined) => {
  const entries = JSON.parse(readFileSync(file, 'utf8')) as { owner: string; keyId: string; file: string }[];
  const signers = new Map(entries.map((e) => [e.owner, readSigner(e.keyId, e.file)]));
  return (owner) => signers.get(owner);
};
