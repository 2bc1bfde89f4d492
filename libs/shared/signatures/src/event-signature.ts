import { sign, verify, type KeyObject } from 'node:crypto';
import { publicKeyObject, validAt, type SigningKey } from './signing-keys';

/** Headers that carry a signature: the signature itself and which key of the register made it. */
export const SIGNATURE_HEADER = {
  signature: 'ksb-signature',
  keyId: 'ksb-signature-key',
} as const;

/** A private key and its id in the register. */
export interface Signer {
  readonly keyId: string;
  readonly privateKey: KeyObject;
}

/**
 * What an agency signs: the event's logical topic and the exact bytes on the wire (Confluent framing with the
 * schema id, then the Avro body). Avro's binary encoding is canonical for a value and its schema, and the
 * schema id is inside: the same bytes cannot be re-read under another schema or moved to another event type.
 */
const eventStatement = (topic: string, value: Buffer): Buffer =>
  Buffer.concat([Buffer.from(`ksb-event/v1 ${topic}\n`), value]);

export const signEvent = (topic: string, value: Buffer, signer: Signer): Record<string, string> => ({
  [SIGNATURE_HEADER.signature]: sign(null, eventStatement(topic, value), signer.privateKey).toString('base64'),
  [SIGNATURE_HEADER.keyId]: signer.keyId,
});

export type SignatureProblem =
  'UNSIGNED_EVENT' | 'SIGNING_KEY_UNKNOWN' | 'SIGNING_KEY_NOT_VALID' | 'SIGNING_KEY_NOT_SENDERS' | 'SIGNATURE_INVALID';

/** How an accepted event was signed: by the agency itself, or by the gateway for an agency it authenticated. */
export type SignedBy = 'agency' | 'gateway-proxy';

export type EventSignatureCheck =
  | { readonly ok: true; readonly signedBy: SignedBy; readonly keyId: string }
  | { readonly ok: false; readonly code: SignatureProblem; readonly explanation: string };

const refused = (code: SignatureProblem, explanation: string): EventSignatureCheck => ({
  ok: false,
  code,
  explanation,
});

/**
 * Checks an ingested event against the register: signed, by a key valid now, owned by the envelope's sender
 * (or the gateway's proxy key), over exactly these bytes. A failure names its reason for the dead letter.
 */
export const checkEventSignature = (
  input: { topic: string; value: Buffer | null; headers: Readonly<Record<string, string>>; sender: string },
  keys: readonly SigningKey[],
  now: Date,
): EventSignatureCheck => {
  const signature = input.headers[SIGNATURE_HEADER.signature];
  const keyId = input.headers[SIGNATURE_HEADER.keyId];
  if (!signature || !keyId || !input.value) return refused('UNSIGNED_EVENT', 'the event carries no signature');
  const key = keys.find((k) => k.keyId === keyId);
  if (!key) return refused('SIGNING_KEY_UNKNOWN', `signing key ${keyId} is not in the directory`);
  if (!validAt(key, now))
    return refused('SIGNING_KEY_NOT_VALID', `signing key ${keyId} is valid ${key.validFrom} to ${key.validTo ?? '…'}`);
  const agency = key.purpose === 'agency' && key.owner === input.sender;
  if (!agency && key.purpose !== 'gateway-proxy')
    return refused(
      'SIGNING_KEY_NOT_SENDERS',
      `signing key ${keyId} belongs to ${key.owner} (${key.purpose}), the envelope names ${input.sender}`,
    );
  const valid = verify(
    null,
    eventStatement(input.topic, input.value),
    publicKeyObject(key),
    Buffer.from(signature, 'base64'),
  );
  if (!valid) return refused('SIGNATURE_INVALID', `the signature does not match the event (key ${keyId})`);
  return { ok: true, signedBy: agency ? 'agency' : 'gateway-proxy', keyId };
};
