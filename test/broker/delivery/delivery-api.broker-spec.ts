import { DELIVERY_HEADER, EXTERNAL_HANDOFF_TOPIC } from '@ksb/contracts';
import { startDeliveryApi, waitUntil, type TestGateway } from '@ksb/testing-broker';
import { headersAsText, partitionBounds, readRange, type RawHeaders } from '@ksb/wire';
import { directoryParts, loadDirectory, validateDirectory, withSigningKeys } from '@ksb/directory';
import { publishDirectory } from '@ksb/directory-feed';
import { readKeyRegister, type Signer } from '@ksb/signatures';
import { deliveryWorld } from './delivery-world';
import { exampleContent, POLICE_EXAMPLE } from '../ingest/example-events';

type Listed = { id: string; eventType: string; urgency: string | null; senderOfficeId: string | null };
type Page = { deliveries: Listed[]; cursor: string };

/**
 * The recipient side over HTTP (ADR 0015): a police notification reaches each Jugendamt's delivery list and
 * reads back in its view schema; the cursor says what is new, also across a restart of the API; an office
 * never sees another's delivery.
 */
describe('delivery API: an office pulls its deliveries over HTTP (broker)', () => {
  const world = deliveryWorld('delivery-api-test', { audit: false });
  const { broker } = world;
  let api: TestGateway;

  const get = async (path: string, office?: string) => {
    const response = await fetch(`${api.baseUrl}${path}`, {
      headers: office ? { 'x-api-key': api.keys[office] } : {},
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const list = async (office: string, after = '', wait = 0) =>
    (await get(`/v1/deliveries?after=${after}&wait=${wait}`, office)).body as unknown as Page;

  beforeAll(async () => {
    await world.up();
    api = await startDeliveryApi(broker, ['ja-stadt-hilden', 'ja-stadt-erkrath', 'kpb-mettmann']);
  });

  afterAll(async () => {
    await world.down(api?.service);
  });

  it('lists a new delivery on the long poll, reads it in the recipient’s view, and moves the cursor past it', async () => {
    const empty = await list('ja-stadt-hilden');
    expect(empty.deliveries).toEqual([]);
    const polled = list('ja-stadt-hilden', empty.cursor, 20);
    const sent = await world.ingest.publish('kpb-mettmann', 'police-notification', exampleContent(POLICE_EXAMPLE));
    const page = await polled;
    expect(page.deliveries).toHaveLength(1);
    expect(page.deliveries[0]).toMatchObject({ eventType: 'police-notification', senderOfficeId: 'kpb-mettmann' });

    const one = await get(`/v1/deliveries/${page.deliveries[0].id}`, 'ja-stadt-hilden');
    expect(one.status).toBe(200);
    const view = one.body['view'] as Record<string, unknown> & { envelope: { eventId: string } };
    expect(view.envelope.eventId).toBe(sent.eventId);
    expect(view).not.toHaveProperty('investigationContent');

    expect((await list('ja-stadt-hilden', page.cursor)).deliveries).toEqual([]);
    const erkrath = await waitUntil(
      () => list('ja-stadt-erkrath'),
      (p) => p.deliveries.length === 1,
      {
        what: 'Erkrath’s copy',
      },
    );
    expect(erkrath.deliveries[0].id).not.toBe(page.deliveries[0].id);
  });

  it('shows whom to call at the sending office, from the signed directory version it follows', async () => {
    const [first] = (await list('ja-stadt-hilden')).deliveries;
    expect((await get(`/v1/deliveries/${first.id}`, 'ja-stadt-hilden')).body['senderContacts']).toEqual([]);

    const shipped = withSigningKeys(loadDirectory(), readKeyRegister(broker.serviceEnv().KSB_SIGNING_KEYS_FILE));
    const contact = (entryId: string, name: string, phone: string, topics: string[]) => ({
      entryId,
      officeId: 'kpb-mettmann',
      name,
      phone,
      topics,
      validFrom: '2026-01-01',
      source: 'test',
    });
    const withContacts = validateDirectory({
      ...directoryParts(shipped),
      version: `${shipped.version}.contacts`,
      contacts: [
        contact('me-kk11', 'KK 11', '+49 2104 982 0', ['sexual-offences']),
        contact('me-leitstelle', 'Leitstelle', '+49 2104 982 1110', ['duty-desk']),
      ],
    });
    await publishDirectory(
      broker.wire,
      withContacts,
      new Date(),
      broker.signerFor('ksb-directory-maintainer') as Signer,
    );

    const shown = await waitUntil(
      async () => (await get(`/v1/deliveries/${first.id}`, 'ja-stadt-hilden')).body['senderContacts'] as unknown[],
      (contacts) => contacts.length === 2,
      { what: 'the sending office’s contacts' },
    );
    expect(shown).toEqual([
      { name: 'Leitstelle', function: null, phone: '+49 2104 982 1110', email: null, topics: ['duty-desk'] },
      { name: 'KK 11', function: null, phone: '+49 2104 982 0', email: null, topics: ['sexual-offences'] },
    ]);
  });

  it('refuses another office’s delivery (403), an unknown key (401) and a made-up cursor (400)', async () => {
    const [mine] = (await list('ja-stadt-hilden')).deliveries;
    expect((await get(`/v1/deliveries/${mine.id}`, 'ja-stadt-erkrath')).status).toBe(403);
    expect((await get(`/v1/deliveries/${mine.id}`, 'kpb-mettmann')).status).toBe(403);
    // Hilden's pickup receipts (acknowledgements) do reach Mettmann, the sender, as soon as they are routed;
    // none of Hilden's own deliveries does.
    const mettmann = (await list('kpb-mettmann')).deliveries;
    expect(mettmann.filter((d) => d.eventType !== 'acknowledgement' || d.id === mine.id)).toEqual([]);
    expect((await get(`/v1/deliveries/${mine.id}`)).status).toBe(401);
    expect((await get('/v1/deliveries?after=not-a-cursor', 'ja-stadt-hilden')).body).toMatchObject({
      code: 'INVALID_CURSOR',
    });
    expect((await get('/openapi.json')).body).toMatchObject({ info: { title: 'Kinderschutz Bridge delivery API' } });
  });

  it('keeps the office’s cursor valid across a restart of the API', async () => {
    const before = await list('ja-stadt-hilden');
    await api.service.stop();
    api = { ...api, ...(await startDeliveryApi(broker, ['ja-stadt-hilden'])) };
    const after = await waitUntil(
      () => list('ja-stadt-hilden'),
      (p) => p.deliveries.length === before.deliveries.length,
      {
        what: 'the inbox rebuilt from the topic',
      },
    );
    expect(after.deliveries.map((d) => d.id)).toEqual(before.deliveries.map((d) => d.id));
    expect((await list('ja-stadt-hilden', before.cursor)).deliveries).toEqual([]);
  });

  it('skips a record it can never read and goes on serving what comes after', async () => {
    const before = await list('ja-stadt-hilden');
    const producer = await broker.wire.producer();
    await producer.send({
      topic: broker.topic('ksb.delivery.ja-stadt-hilden'),
      messages: [{ key: 'poison', value: Buffer.from('not avro at all'), headers: { 'ksb-event-id': 'poison-1' } }],
    });
    await producer.disconnect();
    const sent = await world.ingest.publish('kpb-mettmann', 'police-notification', exampleContent(POLICE_EXAMPLE));
    const next = await list('ja-stadt-hilden', before.cursor, 30);
    expect(next.deliveries).toHaveLength(1);
    const one = await get(`/v1/deliveries/${next.deliveries[0].id}`, 'ja-stadt-hilden');
    expect((one.body['view'] as { envelope: { eventId: string } }).envelope.eventId).toBe(sent.eventId);
    expect((await get('/v1/deliveries/poison-1', 'ja-stadt-hilden')).status).toBe(404);
    // Left out, but not silently: the operator's counter says which office misses a delivery, and why.
    const metrics = await (await fetch(`${api.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /^ksb_delivery_unreadable_total\{office_id="ja-stadt-hilden",reason="UNFRAMED_VALUE"\} 1$/m,
    );
  });

  it('hands off a case outside the network with the reason on the record itself', async () => {
    // Düsseldorf (05111000): a real municipality, but no participating office is responsible for it.
    const elsewhere = JSON.parse(
      JSON.stringify(exampleContent(POLICE_EXAMPLE)).replaceAll('05158016', '05111000').replaceAll('40721', '40210'),
    ) as Record<string, unknown>;
    const sent = await world.ingest.publish('kpb-mettmann', 'police-notification', elsewhere);
    const topic = broker.topic(EXTERNAL_HANDOFF_TOPIC);
    const handoff = await waitUntil(
      async () => {
        const found: Record<string, string>[] = [];
        await readRange(broker.wire, topic, await partitionBounds(broker.wire, topic), {
          onMessages: (_, messages) => void found.push(...messages.map((m) => headersAsText(m.headers as RawHeaders))),
        });
        return found.find((h) => h[DELIVERY_HEADER.sourceEventId] === sent.eventId);
      },
      (h) => h !== undefined,
      { what: 'the handoff record' },
    );
    expect(handoff?.[DELIVERY_HEADER.handoffReason]).toMatch(/^P5-external: /);
  });
});
