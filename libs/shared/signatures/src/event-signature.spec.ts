import { generateKeyPairSync } from 'node:crypto';
import { checkDeliverySignature, signDelivery } from './delivery-signature';
import { checkEventSignature, signEvent, SIGNATURE_HEADER } from './event-signature';
import { parseKeyRegister, registerEntry, type SigningKey } from './signing-keys';

const pair = () => generateKeyPairSync('ed25519');
const soest = pair();
const mettmann = pair();
const gateway = pair();
const bridge = pair();
const keys: SigningKey[] = [
  registerEntry(soest.publicKey, {
    keyId: 'kpb-soest-2026',
    owner: 'kpb-soest',
    purpose: 'agency',
    validFrom: '2026-01-01',
  }),
  registerEntry(mettmann.publicKey, {
    keyId: 'kpb-mettmann-2025',
    owner: 'kpb-mettmann',
    purpose: 'agency',
    validFrom: '2025-01-01',
    validTo: '2026-01-01',
  }),
  registerEntry(gateway.publicKey, {
    keyId: 'gw-1',
    owner: 'ksb-gateway',
    purpose: 'gateway-proxy',
    validFrom: '2026-01-01',
  }),
  registerEntry(bridge.publicKey, {
    keyId: 'dl-1',
    owner: 'ksb-redactor',
    purpose: 'delivery',
    validFrom: '2026-01-01',
  }),
];
const now = new Date('2026-12-05T09:00:00Z');
const topic = 'ksb.ingest.police-notification';
const value: Buffer = Buffer.from([0, 0, 0, 0, 7, 1, 2, 3]);
const check = (headers: Record<string, string>, sender = 'kpb-soest', bytes = value, at = topic) =>
  checkEventSignature({ topic: at, value: bytes, headers, sender }, keys, now);

describe('event signatures', () => {
  it('accepts an event signed by its sender, and one the gateway signed as proxy, and says which', () => {
    expect(check(signEvent(topic, value, { keyId: 'kpb-soest-2026', privateKey: soest.privateKey }))).toEqual({
      ok: true,
      signedBy: 'agency',
      keyId: 'kpb-soest-2026',
    });
    expect(
      check(signEvent(topic, value, { keyId: 'gw-1', privateKey: gateway.privateKey }), 'ja-stadt-hilden'),
    ).toEqual({ ok: true, signedBy: 'gateway-proxy', keyId: 'gw-1' });
  });

  it.each([
    ['no signature', {}, 'kpb-soest', value, topic, 'UNSIGNED_EVENT'],
    [
      'a key not in the register',
      { keyId: 'nobody', key: pair().privateKey },
      'kpb-soest',
      value,
      topic,
      'SIGNING_KEY_UNKNOWN',
    ],
    [
      'an expired key',
      { keyId: 'kpb-mettmann-2025', key: mettmann.privateKey },
      'kpb-mettmann',
      value,
      topic,
      'SIGNING_KEY_NOT_VALID',
    ],
    [
      'another agency’s key (a forged sender)',
      { keyId: 'kpb-soest-2026', key: soest.privateKey },
      'kpb-mettmann',
      value,
      topic,
      'SIGNING_KEY_NOT_SENDERS',
    ],
    [
      'the bridge’s delivery key',
      { keyId: 'dl-1', key: bridge.privateKey },
      'kpb-soest',
      value,
      topic,
      'SIGNING_KEY_NOT_SENDERS',
    ],
    [
      'changed bytes',
      { keyId: 'kpb-soest-2026', key: soest.privateKey },
      'kpb-soest',
      Buffer.from([0, 0, 0, 0, 7, 1, 2, 4]),
      topic,
      'SIGNATURE_INVALID',
    ],
    [
      'another event type',
      { keyId: 'kpb-soest-2026', key: soest.privateKey },
      'kpb-soest',
      value,
      'ksb.ingest.acknowledgement',
      'SIGNATURE_INVALID',
    ],
    [
      'a key id naming a key that did not sign',
      { keyId: 'kpb-soest-2026', key: pair().privateKey },
      'kpb-soest',
      value,
      topic,
      'SIGNATURE_INVALID',
    ],
  ])('refuses %s', (_, signer, sender, bytes, at, code) => {
    const headers =
      'key' in signer ? signEvent(topic, value, { keyId: signer.keyId as string, privateKey: signer.key }) : {};
    expect(check(headers, sender as string, bytes as unknown as Buffer, at as string)).toMatchObject({
      ok: false,
      code,
    });
  });
});

describe('delivery signatures', () => {
  const signer = { keyId: 'dl-1', privateKey: bridge.privateKey };
  it('lets the recipient check origin and addressee of the delivered bytes', () => {
    const headers = signDelivery('ja-stadt-hilden', value, signer);
    const input = { recipientOfficeId: 'ja-stadt-hilden', value, headers, at: now };
    expect(checkDeliverySignature(input, keys)).toEqual({ ok: true, keyId: 'dl-1' });
    expect(checkDeliverySignature({ ...input, recipientOfficeId: 'ja-stadt-erkrath' }, keys)).toMatchObject({
      ok: false,
    });
    expect(checkDeliverySignature({ ...input, value: Buffer.from('other') }, keys)).toMatchObject({ ok: false });
    const agencySigned = signDelivery('ja-stadt-hilden', value, {
      keyId: 'kpb-soest-2026',
      privateKey: soest.privateKey,
    });
    expect(checkDeliverySignature({ ...input, headers: agencySigned }, keys)).toMatchObject({ ok: false });
    expect(checkDeliverySignature({ ...input, headers: { [SIGNATURE_HEADER.keyId]: 'dl-1' } }, keys)).toMatchObject({
      ok: false,
      reason: 'no signature',
    });
  });
});

describe('the key register', () => {
  it('refuses duplicates, unknown purposes and keys that are not Ed25519', () => {
    const entry = keys[0];
    expect(parseKeyRegister(JSON.parse(JSON.stringify(keys)))).toEqual(keys);
    expect(() => parseKeyRegister([entry, entry])).toThrow(/appears twice/);
    expect(() => parseKeyRegister([{ ...entry, purpose: 'any' }])).toThrow(/unknown purpose/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    expect(() => parseKeyRegister([registerEntry(rsa, { ...entry })])).toThrow(/not an Ed25519 key/);
    expect(() => parseKeyRegister({})).toThrow(/JSON array/);
  });
});
