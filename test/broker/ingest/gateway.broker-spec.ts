import { randomUUID } from 'node:crypto';
import type { ChildWelfareNotification } from '@ksb/contracts';
import { startGateway, TestBroker, type RunningService } from '@ksb/testing-broker';
import type { DecodedEvent } from '@ksb/wire';
import { exampleContent, JUGENDAMT_EXAMPLE, POLICE_EXAMPLE } from './example-events';

const TOPIC = 'ksb.ingest.police-notification';

describe('HTTP ingest gateway (broker: real Kafka, registry and gateway process)', () => {
  const broker = new TestBroker();
  let gateway: RunningService;
  let baseUrl: string;
  let keys: Record<string, string> = {};

  const post = (path: string, body: unknown, key: string | null = keys['kpb-mettmann']) =>
    fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const notification = (envelope: Record<string, unknown> = {}) => ({ ...exampleContent(POLICE_EXAMPLE), envelope });

  beforeAll(async () => {
    await broker.createTopics(TOPIC, 'ksb.ingest.jugendamt-urgent-notice', 'ksb.ingest.acknowledgement');
    const started = await startGateway(broker, ['kpb-mettmann', 'kpb-soest'], {
      KSB_GATEWAY_RATE_BURST: '10',
      KSB_GATEWAY_RATE_PER_SECOND: '0.1',
    });
    ({ baseUrl, keys } = started);
    gateway = started.service;
  });

  afterAll(async () => {
    await gateway?.stop();
    await broker.close();
  });

  it('answers every bad request with its documented status and lets exactly the accepted events through', async () => {
    const eventId = randomUUID();

    const accepted = await post('/v1/events/police-notification', notification({ eventId }));
    expect(accepted.status).toBe(202);
    const receipt = await accepted.json();
    expect(receipt).toEqual({ eventId, correlationId: eventId });

    const replay = await post('/v1/events/police-notification', notification({ eventId }));
    expect(replay.status).toBe(202);
    expect(await replay.json()).toEqual(receipt);

    const conflict = await post('/v1/events/police-notification', {
      ...notification({ eventId }),
      urgency: 'DANGER_NOW',
    });
    expect(conflict.status).toBe(409);

    const invalid = await post('/v1/events/police-notification', {
      ...notification(),
      triggerCategory: 'BURGLARY',
      incident: undefined,
      colour: 'red',
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      code: 'SCHEMA_VALIDATION_FAILED',
      fieldPaths: ['triggerCategory', 'incident', 'colour (not in the schema)'],
    });

    const malformed = await post('/v1/events/police-notification', '{"envelope": ');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'MALFORMED_JSON' });

    expect((await post('/v1/events/burglary-report', notification())).status).toBe(404);
    expect((await post('/v1/events/police-notification', notification(), null)).status).toBe(401);
    expect((await post('/v1/events/police-notification', notification(), 'stolen-key')).status).toBe(401);

    const spoofed = await post('/v1/events/police-notification', notification({ senderOfficeId: 'kpb-soest' }));
    expect(spoofed.status).toBe(403);
    expect(await spoofed.json()).toMatchObject({ code: 'SENDER_MISMATCH' });
    expect(
      gateway.logs.some(
        (l) => l.includes('refused sender') && l.includes('kpb-mettmann') && l.includes('SENDER_MISMATCH'),
      ),
    ).toBe(true);

    const wrongRole = await post('/v1/events/jugendamt-urgent-notice', { ...exampleContent(JUGENDAMT_EXAMPLE) });
    expect(wrongRole.status).toBe(403);
    expect(await wrongRole.json()).toMatchObject({ code: 'SENDER_ROLE_NOT_ALLOWED' });

    const huge = await post('/v1/events/police-notification', {
      ...notification(),
      offenceSummary: 'x'.repeat(600 * 1024),
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: 'EVENT_TOO_LARGE' });

    const [event] = (await broker.collect<ChildWelfareNotification>(
      TOPIC,
      1,
    )) as DecodedEvent<ChildWelfareNotification>[];
    expect(event.value.envelope).toMatchObject({ eventId, senderOfficeId: 'kpb-mettmann' });
    expect(event.value.children[0].person.familyName).toBe('Muster');
    const offsets = await broker.wire.withAdmin((admin) => admin.fetchTopicOffsets(broker.topic(TOPIC)));
    expect(offsets.reduce((n, p) => n + Number(p.high), 0)).toBe(1);
    expect(gateway.logs.join('\n')).not.toContain('Muster');
  });

  it('limits each office on its own: after the burst it answers 429 with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await post('/v1/events/police-notification', {}, keys['kpb-soest'])).status);
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    const limited = await post('/v1/events/police-notification', {}, keys['kpb-soest']);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('serves its OpenAPI and AsyncAPI documents and a health endpoint', async () => {
    const openapi = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as { paths: object };
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/v1/events/police-notification', '/v1/events/jugendamt-urgent-notice']),
    );
    const asyncapi = (await (await fetch(`${baseUrl}/asyncapi.json`)).json()) as { asyncapi: string; channels: object };
    expect(asyncapi.asyncapi).toBe('3.0.0');
    expect(Object.keys(asyncapi.channels)).toContain('ksb.ingest.police-notification');
    expect(await (await fetch(`${baseUrl}/health`)).json()).toMatchObject({ status: 'ok' });
  });
});
