import { IngestPublisher } from '@ksb/producer';
import { loadPolicy } from '@ksb/redaction';
import { startStreamServices, TestBroker, type RunningService } from '@ksb/testing-broker';
import type { DecodedEvent } from '@ksb/wire';
import { ACK_EXAMPLE, exampleContent, JUGENDAMT_EXAMPLE, POLICE_EXAMPLE } from '../ingest/example-events';
import { createPipelineTopics } from '../pipeline-topics';

type View = Record<string, unknown> & { envelope: { eventId: string } };

describe('agency → router → redactor → recipient topics (broker)', () => {
  const broker = new TestBroker();
  let ingest: IngestPublisher;
  const services: RunningService[] = [];

  beforeAll(async () => {
    await createPipelineTopics(broker);
    ingest = await IngestPublisher.connect(broker.connection('pipeline-test'));
    services.push(...(await startStreamServices(broker, 'router', 'redactor')));
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await ingest?.close();
    await broker.close();
  });

  it('delivers a police notification to both Jugendämter with only what may cross, and reports what was stripped', async () => {
    const sent = await ingest.publish('kpb-mettmann', 'police-notification', exampleContent(POLICE_EXAMPLE));

    for (const office of ['ja-stadt-hilden', 'ja-stadt-erkrath']) {
      const [raw] = await broker.collectRaw(`ksb.delivery.${office}`, 1);
      const bytes = raw.message.value?.toString('latin1') ?? '';
      for (const secret of ['Nachbar', 'Passant', 'Statement of the mother', 'earlier call-out'])
        expect(bytes).not.toContain(secret);
      const [delivered] = (await broker.collect<View>(`ksb.delivery.${office}`, 1)) as DecodedEvent<View>[];
      expect(delivered.recordName).toBe('de.kinderschutz.bridge.views.ChildWelfareNotificationForJugendamt');
      expect(delivered.value.envelope.eventId).toBe(sent.eventId);
      expect(delivered.value).not.toHaveProperty('investigationContent');
      expect(delivered.value).not.toHaveProperty('confidentialSources');
      expect(delivered.value['offenceSummary']).toBe('Körperverletzung (§ 223 StGB) im häuslichen Umfeld');
      expect(delivered.value['priorPoliceKnowledge']).toBeNull();
      expect(raw.header('ksb-recipient-office')).toBe(office);
    }
    const [hilden] = await broker.collectRaw('ksb.delivery.ja-stadt-hilden', 1);
    const [erkrath] = await broker.collectRaw('ksb.delivery.ja-stadt-erkrath', 1);
    expect([hilden.header('ksb-recipient-role'), hilden.header('ksb-provisional')]).toEqual(['CASE_OWNER', 'false']);
    expect([erkrath.header('ksb-recipient-role'), erkrath.header('ksb-provisional')]).toEqual(['ACUTE', 'true']);

    const reports = (await broker.collect<{
      recipientOfficeId: string;
      removedPaths: string[];
      withheldPaths: string[];
      policyVersion: string;
    }>('ksb.audit.redaction-reports', 2)) as DecodedEvent<{
      recipientOfficeId: string;
      removedPaths: string[];
      withheldPaths: string[];
      policyVersion: string;
    }>[];
    expect(reports.map((r) => r.value.recipientOfficeId).sort()).toEqual(['ja-stadt-erkrath', 'ja-stadt-hilden']);
    expect(reports[0].value).toMatchObject({
      removedPaths: ['investigationContent', 'confidentialSources', 'unrelatedThirdParties'],
      withheldPaths: ['priorPoliceKnowledge'],
      policyVersion: loadPolicy().version,
    });
  });

  it('delivers a Jugendamt urgent notice to the KPB without case material, entrusted content, reporters or health data', async () => {
    await ingest.publish('ja-stadt-viersen', 'jugendamt-urgent-notice', exampleContent(JUGENDAMT_EXAMPLE));
    const [raw] = await broker.collectRaw('ksb.delivery.kpb-viersen', 1);
    const bytes = raw.message.value?.toString('latin1') ?? '';
    for (const secret of ['Olga', 'asthma', 'in confidence', 'Hilfeplan', 'Gefährdungseinschätzung'])
      expect(bytes).not.toContain(secret);
    const [delivered] = (await broker.collect<View>('ksb.delivery.kpb-viersen', 1)) as DecodedEvent<View>[];
    expect(delivered.recordName).toBe('de.kinderschutz.bridge.views.UrgentNoticeForPoliceAssistanceRequest');
    expect(delivered.value['requestedPoliceAction']).toMatch(/take the child into care/);
    expect(delivered.value['child']).toMatchObject({ person: { givenName: 'Leon' } });
    // Under an assistance request the view has no place for them at all (issue 14: views per legal basis).
    expect(delivered.value).not.toHaveProperty('caseMaterial');
    expect(delivered.value).not.toHaveProperty('entrustedContent');
  });

  it('routes the Jugendamt’s acknowledgement back to the police authority that sent the notification', async () => {
    const notification = await ingest.publish('kpb-mettmann', 'police-notification', exampleContent(POLICE_EXAMPLE));
    // Hilden answers once the notification reached it; the router checks the answer against what it routed.
    await broker.routed(notification.eventId);
    await ingest.publish('ja-stadt-hilden', 'acknowledgement', {
      ...exampleContent(ACK_EXAMPLE),
      acknowledgedEventId: notification.eventId,
      envelope: { correlationId: notification.correlationId, causationId: notification.eventId },
    });
    const [raw] = await broker.collectRaw('ksb.delivery.kpb-mettmann', 1);
    expect(raw.message.value?.toString('latin1')).not.toContain('home visit planned');
    const [ack] = (await broker.collect<View>('ksb.delivery.kpb-mettmann', 1)) as DecodedEvent<View>[];
    expect(ack.recordName).toBe('de.kinderschutz.bridge.views.AcknowledgementForPolice');
    expect(ack.value).toMatchObject({
      acknowledgedEventId: notification.eventId,
      status: 'ACCEPTED',
      responsibleOffice: { officeId: 'ja-stadt-hilden' },
    });
    expect(ack.value).not.toHaveProperty('outcomeDetails');
    expect(ack.headers.correlationId).toBe(notification.correlationId);
  });
});
