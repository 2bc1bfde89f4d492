import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { DELIVERY_HEADER, RECORD } from '@ksb/contracts';
import { decryptWithKey, JweError, type Jwe } from '@ksb/envelopes';
import { IngestPublisher } from '@ksb/producer';
import { registerEntry, type SigningKey } from '@ksb/signatures';
import {
  startDeliveryApi,
  startStreamServices,
  TestBroker,
  waitUntil,
  type RunningService,
  type TestGateway,
} from '@ksb/testing-broker';
import { exampleContent, POLICE_EXAMPLE } from '../ingest/example-events';
import { publishDirectoryVersion } from '../directory-versions';
import { createPipelineTopics } from '../pipeline-topics';

const ERKRATH = 'ja-stadt-erkrath';
const officeKey = (kid: string) => ({ kid, ...generateKeyPairSync('rsa', { modulusLength: 3072 }) });

/**
 * Encryption to the recipient (issue 15): once Erkrath registered an encryption key in the directory, its
 * deliveries reach its topic only as ciphertext to that key. Erkrath opens them with its private key, another
 * office's key opens nothing, and during a rotation's overlap a delivery opens with either key while the
 * earlier ones still open with the old. Hilden, without a key, still gets its view in clear.
 */
describe('deliveries encrypted to the office’s keys (broker)', () => {
  const broker = new TestBroker();
  const services: RunningService[] = [];
  let ingest: IngestPublisher;
  let api: TestGateway;
  const current = officeKey('ja-stadt-erkrath-enc-2026');
  const next = officeKey('ja-stadt-erkrath-enc-2027');
  const otherOffice = officeKey('ja-stadt-hilden-enc-2026');
  const entry = (key: ReturnType<typeof officeKey>, owner: string, validFrom: string): SigningKey =>
    registerEntry(key.publicKey, { keyId: key.kid, owner, purpose: 'encryption', validFrom });

  const publish = (version: string, encryptionKeys: SigningKey[]) =>
    publishDirectoryVersion(broker, services[1], version, (register) => [...register, ...encryptionKeys]);
  const notify = async (marker: string) => {
    const content = exampleContent(POLICE_EXAMPLE) as { children: { person: { givenName: string } }[] };
    content.children[0].person.givenName = marker;
    return ingest.publish('kpb-mettmann', 'police-notification', content);
  };
  const deliveryTo = async (office: string, sourceEventId: string) => {
    const [delivery] = await waitUntil(
      async () =>
        (await broker.readAll(`ksb.delivery.${office}`, 1000)).filter(
          (m) => m.header(DELIVERY_HEADER.sourceEventId) === sourceEventId,
        ),
      (found) => found.length === 1,
      { what: `the delivery to ${office}`, timeoutMs: 60_000, intervalMs: 1000 },
    );
    return delivery;
  };
  const jweOf = async (value: Buffer | null): Promise<Jwe> => {
    const decoded = await broker.wire.codec.decode(value as Buffer);
    expect(decoded.recordName).toBe(RECORD.EncryptedDelivery);
    return JSON.parse((decoded.value as { jwe: string }).jwe) as Jwe;
  };
  const opened = async (jwe: Jwe, key: ReturnType<typeof officeKey>) => {
    try {
      // The plaintext is the view as JSON, as the delivery API serves one in clear.
      return JSON.parse(decryptWithKey(jwe, { kid: key.kid, privateKey: key.privateKey }).toString('utf8')) as unknown;
    } catch (error) {
      return error instanceof JweError ? error.code : String(error);
    }
  };

  beforeAll(async () => {
    await createPipelineTopics(broker);
    services.push(...(await startStreamServices(broker, 'router', 'redactor')));
    ingest = await IngestPublisher.connect(broker.connection('encryption-test'));
    api = await startDeliveryApi(broker, [ERKRATH]);
  });

  afterAll(async () => {
    await Promise.all([...services, ...(api ? [api.service] : [])].map((s) => s.stop()));
    await ingest?.close();
    await broker.close();
  });

  it('delivers to an office with keys only as ciphertext it alone opens, with either key during a rotation', async () => {
    await publish('2026-12-06.erkrath-key', [
      entry(current, ERKRATH, '2026-01-01'),
      entry(otherOffice, 'ja-stadt-hilden-elsewhere', '2026-01-01'),
    ]);
    const first = `Mia-${randomUUID()}`;
    const sent = await notify(first);
    const erkrath = await deliveryTo(ERKRATH, sent.eventId);
    const hilden = await deliveryTo('ja-stadt-hilden', sent.eventId);
    // Hilden has no key: its view is sealed under a bridge key and opens with the store to the marker, which
    // makes the marker a fair test of Erkrath's bytes.
    expect(hilden.message.value?.includes(first)).toBe(false);
    expect((await broker.wire.caseSeal?.open(hilden.message.value as Buffer))?.includes(first)).toBe(true);
    expect(erkrath.message.value?.includes(first)).toBe(false);
    expect(erkrath.header(DELIVERY_HEADER.encryptedTo)).toBe(current.kid);
    expect(erkrath.header(DELIVERY_HEADER.senderOffice)).toBe('kpb-mettmann');

    const jwe = await jweOf(erkrath.message.value);
    expect(JSON.stringify(await opened(jwe, current))).toContain(first);
    expect(await opened(jwe, otherOffice)).toBe('NOT_DECRYPTABLE');
    expect(await opened(jwe, next)).toBe('NOT_DECRYPTABLE');

    // The delivery API hands it out as it is: Erkrath's software decrypts with its own key.
    const get = async (path: string) =>
      (await (await fetch(`${api.baseUrl}${path}`, { headers: { 'x-api-key': api.keys[ERKRATH] } })).json()) as {
        deliveries?: { id: string; senderOfficeId: string | null }[];
        view?: { jwe: string };
      };
    const listed = await waitUntil(
      () => get('/v1/deliveries'),
      (page) => (page.deliveries ?? []).length === 1,
      { what: 'the encrypted delivery listed for Erkrath', timeoutMs: 30_000 },
    );
    expect(listed.deliveries?.[0].senderOfficeId).toBe('kpb-mettmann');
    const served = await get(`/v1/deliveries/${listed.deliveries?.[0].id}`);
    expect(JSON.stringify(await opened(JSON.parse(served.view?.jwe ?? '{}') as Jwe, current))).toContain(first);

    // The inbox page opens it in the browser with the key the caseworker loads; the key never leaves the page.
    const browser = await chromium.launch({
      executablePath: process.env.KSB_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox'],
    });
    // Made once the browser runs: a launch that fails leaves no key file behind.
    const keyDir = mkdtempSync(join(tmpdir(), 'ksb-office-key-'));
    try {
      const keyFile = join(keyDir, 'erkrath.jwk');
      writeFileSync(keyFile, JSON.stringify({ ...current.privateKey.export({ format: 'jwk' }), kid: current.kid }));
      const page = await browser.newPage();
      const sent: string[] = [];
      page.on('request', (r) => sent.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`));
      await page.goto(`${api.baseUrl}/inbox`);
      await page.fill('#key', api.keys[ERKRATH]);
      await page.press('#key', 'Enter');
      await page.locator('#deliveries tr[data-id] button').first().click();
      await page.locator('#message', { hasText: 'Verschlüsselt' }).waitFor();
      expect(await page.textContent('#fields')).toBe('');
      await page.setInputFiles('#private-key', keyFile);
      await page.locator('#fields', { hasText: first }).waitFor({ timeout: 10_000 });
      await page.locator('#message', { hasText: `Schlüssel geladen: ${current.kid}` }).waitFor();
      const privateD = current.privateKey.export({ format: 'jwk' }).d as string;
      expect(sent.filter((line) => line.includes(privateD.slice(0, 40)))).toEqual([]);
    } finally {
      await browser.close();
      rmSync(keyDir, { recursive: true, force: true });
    }

    // Rotation: the next key is registered beside the current one; both are valid for the overlap.
    await publish('2026-12-06.erkrath-rotation', [
      entry(current, ERKRATH, '2026-01-01'),
      entry(next, ERKRATH, '2026-12-01'),
    ]);
    const second = `Mia-${randomUUID()}`;
    const during = await deliveryTo(ERKRATH, (await notify(second)).eventId);
    expect(during.header(DELIVERY_HEADER.encryptedTo)).toBe(`${current.kid},${next.kid}`);
    const overlap = await jweOf(during.message.value);
    for (const key of [current, next]) expect(JSON.stringify(await opened(overlap, key))).toContain(second);
    // The delivery made before the rotation still opens with the key it was made for.
    expect(JSON.stringify(await opened(jwe, current))).toContain(first);
  }, 180_000);
});
