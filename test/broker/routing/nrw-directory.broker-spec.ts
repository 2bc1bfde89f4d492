import { HEADER } from '@ksb/contracts';
import type { DecodedEvent } from '@ksb/wire';
import { deliveryWorld } from '../delivery/delivery-world';
import { exampleContent, JUGENDAMT_EXAMPLE, POLICE_EXAMPLE } from '../ingest/example-events';

const COURT_EXAMPLE = 'court-referral.viersen.json';

type Json = Record<string, unknown>;

// Issue 14, through the real router and redactor: a key that names nothing, a shared postal code, a real
// place outside the network, and a disclosure limited by its legal basis.
describe('municipality register, postal-code neighbours and legal bases (broker)', () => {
  // This test's topics, router and redactor, and a producer that sends as any office.
  const world = deliveryWorld('nrw-directory-test', { audit: false });
  const { broker } = world;

  beforeAll(() => world.up());
  afterAll(() => world.down());

  const policeNotificationWithChildAt = (place: Json) => {
    const content = exampleContent(POLICE_EXAMPLE) as Json & { children: Json[] };
    content.children[0].currentWhereabouts = { ...(content.children[0].currentWhereabouts as Json), ...place };
    return world.ingest.publish('kpb-mettmann', 'police-notification', content);
  };

  it('dead-letters a key that names no municipality and a shared postal code, each with its reason', async () => {
    const unknown = await policeNotificationWithChildAt({ municipalityKey: '05158099' });
    const shared = await policeNotificationWithChildAt({ municipalityKey: null, postalCode: '40721' });

    const dead = await broker.collectRaw('ksb.ops.dead-letter', 2);
    const byEvent = new Map(dead.map((d) => [d.header(HEADER.eventId), d]));
    const unknownDead = byEvent.get(unknown.eventId);
    expect(unknownDead?.header('ksb-reason-code')).toBe('UNKNOWN_MUNICIPALITY');
    expect(unknownDead?.header('__connect.errors.exception.message')).toMatch(
      /children\[0\]\.currentWhereabouts\.municipalityKey 05158099: 05158099 is no municipality in register/,
    );
    const sharedDead = byEvent.get(shared.eventId);
    expect(sharedDead?.header('ksb-reason-code')).toBe('AMBIGUOUS_POSTAL_CODE');
    expect(sharedDead?.header('__connect.errors.exception.message')).toMatch(
      /postalCode 40721 is shared by 05111000 Düsseldorf \(outside the network\), 05158016 Hilden \(ja-stadt-hilden\): manual decision/,
    );
  });

  it('hands a real municipality outside the network to the external channel, naming its Jugendamt', async () => {
    const content = exampleContent(POLICE_EXAMPLE) as Json & { custodyHolders: Json[] };
    for (const holder of content.custodyHolders)
      holder.residence = { ...(holder.residence as Json), municipalityKey: '05913000', postalCode: '44135' };
    const sent = await world.ingest.publish('kpb-mettmann', 'police-notification', content);

    const [handoff] = await broker.collectRaw('ksb.handoff.external', 1);
    expect(handoff.header('ksb-source-event-id')).toBe(sent.eventId);
    expect(handoff.header('ksb-handoff-reason')).toMatch(
      /05913000 is outside the participating offices \(responsible: Jugendamt der Stadt Dortmund \(kreisfreie Stadt, § 69 SGB VIII\)\)/,
    );
  });

  it('carries only identity and whereabouts in a § 68 SGB X request, in the view of that basis', async () => {
    const content = {
      ...exampleContent(JUGENDAMT_EXAMPLE),
      legalBasis: 'SGB10_68_IDENTITY_AND_WHEREABOUTS',
      approver: { name: 'Amtsleitung', function: 'Leitung Jugendamt', decidedAt: '2026-12-05T03:11:00.000Z' },
    };
    await world.ingest.publish('ja-stadt-viersen', 'jugendamt-urgent-notice', content);

    const [raw] = await broker.collectRaw('ksb.delivery.kpb-viersen', 1);
    const bytes = raw.message.value?.toString('utf8') ?? '';
    for (const beyondSection68 of ['threatens the child', 'take the child into care', 'Hilfeplan', 'Olga'])
      expect(bytes).not.toContain(beyondSection68);
    const [delivered] = (await broker.collect<Json>('ksb.delivery.kpb-viersen', 1)) as DecodedEvent<Json>[];
    expect(delivered.recordName).toBe('de.kinderschutz.bridge.views.UrgentNoticeForPoliceIdentityRequest');
    expect(Object.keys(delivered.value['child'] as Json).sort()).toEqual([
      'childRef',
      'currentWhereabouts',
      'habitualResidence',
      'person',
    ]);
    expect((delivered.value['custodyHolders'] as Json[])[0]).toEqual({
      holderRef: 'p1',
      person: { givenName: 'Sara', familyName: 'Beispiel', birthDate: null, sex: 'FEMALE' },
      residence: expect.objectContaining({ municipalityKey: '05166032' }),
    });
    expect(delivered.value).not.toHaveProperty('danger');
    expect(delivered.value).not.toHaveProperty('officerSafety');

    // Earlier tests' deliveries (external handoff and Erkrath) reported first on the same topic.
    const reports = (await broker.collect<Json>('ksb.audit.redaction-reports', 3)) as DecodedEvent<Json>[];
    const report = reports.find((r) => r.value['recipientOfficeId'] === 'kpb-viersen') as DecodedEvent<Json>;
    expect(report.value['legalBasis']).toMatch(/^SGB10_68_IDENTITY_AND_WHEREABOUTS: § 68 SGB X/);
  });

  it('brings a network partner in by data: a court referral reaches the family court, and only it', async () => {
    const sent = await world.ingest.publish(
      'ja-stadt-viersen',
      'jugendamt-court-referral',
      exampleContent(COURT_EXAMPLE),
    );

    const [raw] = await broker.collectRaw('ksb.delivery.ag-viersen-familiengericht', 1);
    const bytes = raw.message.value?.toString('utf8') ?? '';
    for (const never of ['Olga', 'asthma']) expect(bytes).not.toContain(never);
    expect(raw.header('ksb-routing-rule')).toBe('N1-family-court');
    const [delivered] = (await broker.collect<Json>(
      'ksb.delivery.ag-viersen-familiengericht',
      1,
    )) as DecodedEvent<Json>[];
    expect(delivered.recordName).toBe('de.kinderschutz.bridge.views.CourtReferralForFamilyCourt');
    expect(delivered.value['riskAssessment']).toMatch(/Gefährdungseinschätzung/);
    expect(delivered.value['entrustedContent']).toMatch(/in confidence/);
    expect(delivered.value).not.toHaveProperty('reporters');
    expect(delivered.value).not.toHaveProperty('healthData');

    const [routed] = (await broker.collect<{ decision: { recipients: { officeId: string }[] } }>(
      'ksb.routed.jugendamt-court-referral',
      1,
    )) as DecodedEvent<{ decision: { recipients: { officeId: string }[] } }>[];
    expect(routed.headers.causationId).toBe(sent.eventId);
    expect(routed.value.decision.recipients.map((r) => r.officeId)).toEqual(['ag-viersen-familiengericht']);
  });
});
