import { sign, verify } from 'node:crypto';
import { SIGNATURE_HEADER, type Signer } from './event-signature';
import { publicKeyObject, validAt, type SigningKey } from './signing-keys';

/**
 * What the bridge signs for each delivery: the recipient office and the exact delivered bytes, so a
 * recipient can check that a record on its topic came from the bridge and was meant for it.
 */
const deliveryStatement = (recipientOfficeId: string, value: Buffer): Buffer =>
  Buffer.concat([Buffer.from(`ksb-delivery/v1 ${recipientOfficeId}\n`), value]);

export const signDelivery = (recipientOfficeId: string, value: Buffer, signer: Signer): Record<string, string> => ({
  [SIGNATURE_HEADER.signature]: sign(null, deliveryStatement(recipientOfficeId, value), signer.privateKey).toString(
    'base64',
  ),
  [SIGNATURE_HEADER.keyId]: signer.keyId,
});

export type DeliveryCheck =
  { readonly ok: true; readonly keyId: string } | { readonly ok: false; readonly reason: string };

/** A recipient's check: the bridge's delivery key, valid when the record was written, over these bytes. */
export const checkDeliverySignature = (
  input: { recipientOfficeId: string; value: Buffer | null; headers: Readonly<Record<string, string>>; at: Date },
  keys: readonly SigningKey[],
): DeliveryCheck => {
  const signature = input.headers[SIGNATURE_HEADER.signature];
  const keyId = input.headers[SIGNATURE_HEADER.keyId];
  if (!signature || !keyId || !input.value) return { ok: false, reason: 'no signature' };
  const key = keys.find((k) => k.keyId === keyId && k.purpose === 'delivery');
  if (!key) return { ok: false, reason: `${keyId} is not one of the bridge's delivery keys` };
  if (!validAt(key, input.at)) return { ok: false, reason: `${keyId} was not valid at ${input.at.toISOString()}` };
  const valid = verify(
    null,
    deliveryStatement(input.recipientOfficeId, input.value),
    publicKeyObject(key),
    Buffer.from(signature, 'base64'),
  );
  return valid ? { ok: true, keyId } : { ok: false, reason: 'the signature does not match the delivered bytes' };
};
