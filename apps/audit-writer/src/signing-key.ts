import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Reads the checkpoint signing key; says what is wrong with it rather than failing on first use. */
export const readSigningKey = (file: string): KeyObject => {
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(file));
  } catch (error) {
    throw new Error(`KSB_AUDIT_SIGNING_KEY_FILE: cannot read a private key from ${file}: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`KSB_AUDIT_SIGNING_KEY_FILE: ${file} holds a ${key.asymmetricKeyType} key, not Ed25519`);
  return key;
};
