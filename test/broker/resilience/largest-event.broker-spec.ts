import { randomUUID } from 'node:crypto';
import { collectAudit } from '@ksb/audit-feature';
import { MAX_EVENT_BYTES, NAMESPACE_ROOT } from '@ksb/contracts';
import {
  auditWriterEnv,
  startAuditWriter,
  startGateway,
  startStreamServices,
  TestBroker,
  waitUntil,
  type RunningService,
  type TestGateway,
} from '@ksb/testing-broker';
import { auditKeys } from '../audit/audit-keys';
import { exampleContent, POLICE_EXAMPLE } from '../ingest/example-events';
import { createPipelineTopics } from '../pipeline-topics';

const POLICE_RECORD = `${NAMESPACE_ROOT}.police.ChildWelfareNotification`;
const OCCURRED_AT = '2026-11-21T04:12:00.000Z';
const BURST = 12;

/**
 * One size declaration, end to end: the largest event the gateway accepts (exactly MAX_EVENT_BYTES as
 * Avro) is carried through router, redactor, the recipients' topics and the audit trail; one byte more is
 * refused at the gateway with 413. Regression for "a burst of large but valid events stopped the router".
 */
describe('the largest acceptable event goes through every hop (broker)', () => {
  const broker = new TestBroker();
  const keys = auditKeys();
  const services: RunningService[] = [];
  let gateway: TestGateway;

  /** The police example with a free-text field padded so the event is exactly `bytes` long as Avro. */
  const eventOfSize = async (bytes: number) => {
    const schema = await broker.wire.codec.register(
      broker.topic('ksb.ingest.police-notification'),
      POLICE_RECORD,
      'BACKWARD_TRANSITIVE',
    );
    const eventId = randomUUID();
    const content = { ...exampleContent(POLICE_EXAMPLE), envelope: { eventId, occurredAt: OCCURRED_AT } };
    // The envelope exactly as the gateway will complete it, so the sizes agree to the byte.
    const size = (pad: number) =>
      broker.wire.codec.encode(schema, {
        ...content,
        offenceSummary: 'x'.repeat(pad),
        envelope: {
          eventId,
          occurredAt: OCCURRED_AT,
          recordedAt: new Date().toISOString(),
          senderOfficeId: 'kpb-mettmann',
          correlationId: eventId,
          causationId: null,
          contractVersion: '1',
        },
      }).length;
    let pad = bytes - size(0);
    while (size(pad) !== bytes) pad += bytes - size(pad);
    return { eventId, body: JSON.stringify({ ...content, offenceSummary: 'x'.repeat(pad) }) };
  };
  const post = (body: string) =>
    fetch(`${gateway.baseUrl}/v1/events/police-notification`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': gateway.keys['kpb-mettmann'] },
      body,
    });

  beforeAll(async () => {
    await createPipelineTopics(broker);
    gateway = await startGateway(broker, ['kpb-mettmann'], { KSB_GATEWAY_RATE_BURST: '100' });
    services.push(
      gateway.service,
      ...(await startStreamServices(broker, 'router', 'redactor')),
      await startAuditWriter(auditWriterEnv(broker, keys.privateKeyFile)),
    );
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await broker.close();
  });

  it('accepts and delivers an event of exactly the limit, refuses one byte more, and carries a burst of them', async () => {
    const over = await eventOfSize(MAX_EVENT_BYTES + 1);
    const refused = await post(over.body);
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({ code: 'EVENT_TOO_LARGE' });

    const sent: string[] = [];
    for (let i = 0; i < BURST; i++) {
      const largest = await eventOfSize(MAX_EVENT_BYTES);
      const accepted = await post(largest.body);
      expect(accepted.status).toBe(202);
      sent.push(largest.eventId);
    }
    for (const office of ['ja-stadt-hilden', 'ja-stadt-erkrath']) {
      const delivered = await waitUntil(
        async () => (await broker.readAll(`ksb.delivery.${office}`, 2000)).map((r) => r.header('ksb-source-event-id')),
        (ids) => ids.length >= BURST,
        { what: `${BURST} deliveries to ${office}`, timeoutMs: 60_000 },
      );
      expect(delivered.sort()).toEqual([...sent].sort());
    }
    const hops = await waitUntil(
      async () => collectAudit(broker.wire, { hops: ['RECEIVED', 'ROUTED', 'REDACTED', 'DELIVERED'] }),
      (records) => records.length >= BURST * 7,
      { what: 'every hop of the burst in the audit trail' },
    );
    const count = (hop: string) =>
      hops.filter((r) => r.hop === hop && r.correlationId && sent.includes(r.correlationId)).length;
    expect([count('RECEIVED'), count('ROUTED'), count('REDACTED'), count('DELIVERED')]).toEqual([
      BURST,
      2 * BURST,
      2 * BURST,
      2 * BURST,
    ]);
    expect(await broker.readAll('ksb.ops.dead-letter', 1000, 20_000)).toHaveLength(0);
    expect(services.flatMap((s) => s.logs.filter((l) => l.includes('consumer crashed')))).toEqual([]);
  }, 180_000);
});
