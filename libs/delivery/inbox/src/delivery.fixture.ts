import type { Delivery } from './inbox';

/** A delivery as the inbox holds it, for specs: Hilden's, from Mettmann's police; `overrides` say what differs. */
export const aDelivery = (overrides: Partial<Delivery> = {}): Delivery => ({
  deliveryId: 'delivery-1',
  officeId: 'ja-stadt-hilden',
  partition: 0,
  offset: 3n,
  sourceEventId: 'event-1',
  correlationId: 'case-1',
  eventType: 'police-notification',
  urgency: 'IMMEDIATE',
  senderOfficeId: 'kpb-mettmann',
  receivedAt: '2026-12-05T10:00:00.000Z',
  viewRecord: Buffer.alloc(0),
  ...overrides,
});
