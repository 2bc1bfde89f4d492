import { REJECTION_REASONS } from './answers';
import { deliveryOpenApiDocument } from './openapi';

describe('delivery API OpenAPI document', () => {
  const doc = deliveryOpenApiDocument('1') as {
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    components: {
      schemas: Record<
        string,
        { oneOf?: unknown[]; properties?: Record<string, { enum?: string[] }> } & Record<string, unknown>
      >;
    };
  };

  it('describes every route with its refusals and every recipient view the redaction policy generates', () => {
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/v1/cases/{correlationId}/events',
      '/v1/deliveries',
      '/v1/deliveries/{id}',
      '/v1/deliveries/{id}/accept',
      '/v1/deliveries/{id}/reject',
    ]);
    expect(Object.keys(doc.paths['/v1/deliveries/{id}/reject'].post.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '409']),
    );
    const views = Object.keys(doc.components.schemas).filter((k) => k.includes('.views.'));
    expect(views.sort()).toEqual([
      'de.kinderschutz.bridge.views.AcknowledgementForJugendamt',
      'de.kinderschutz.bridge.views.AcknowledgementForPolice',
      // Records cut down to some of their fields under a basis get their own names (§ 68 SGB X: identity only).
      'de.kinderschutz.bridge.views.ChildInvolvedIdentityRequest',
      'de.kinderschutz.bridge.views.ChildWelfareNotificationForJugendamt',
      'de.kinderschutz.bridge.views.CourtReferralForFamilyCourt',
      'de.kinderschutz.bridge.views.CustodyHolderIdentityRequest',
      'de.kinderschutz.bridge.views.UrgentNoticeForPoliceAssistanceRequest',
      'de.kinderschutz.bridge.views.UrgentNoticeForPoliceConfiderConsent',
      'de.kinderschutz.bridge.views.UrgentNoticeForPoliceCourtOrder',
      'de.kinderschutz.bridge.views.UrgentNoticeForPoliceIdentityRequest',
      'de.kinderschutz.bridge.views.UrgentNoticeForPolicePlannedSeriousCrime',
    ]);
    expect(doc.components.schemas['Rejection'].properties?.['reasonCode'].enum).toEqual(Object.keys(REJECTION_REASONS));
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
  });
});
