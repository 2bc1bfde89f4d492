import type { DeliveryEscalation } from '@ksb/contracts';
import type { CaseTrails } from '@ksb/delivery-inbox';
import { decodedRecords, type Wire } from '@ksb/wire';

const words = (e: DeliveryEscalation) =>
  e.state === 'RESOLVED'
    ? `answered by ${e.recipientOfficeId}: escalation closed`
    : e.level === 1
      ? `${e.recipientOfficeId} has ${e.reason === 'PICKUP_OVERDUE' ? 'not picked it up' : 'not answered'} by ${e.deadline}`
      : `escalated to the second level: ${e.escalateTo ?? 'no contact registered'}`;

/** The lag monitor's escalations into the senders' trails: overdue, escalated, resolved. */
export const escalationHandler = (wire: Wire, trails: CaseTrails) =>
  decodedRecords<DeliveryEscalation>(wire, (e) =>
    trails.note(e.correlationId, {
      id: `${e.escalationId}/${e.state}/${e.level}`,
      status: e.state === 'RESOLVED' ? 'RESOLVED' : e.level === 1 ? 'OVERDUE' : 'ESCALATED',
      at: e.at,
      eventId: e.eventId,
      eventType: e.eventType,
      officeId: e.recipientOfficeId,
      details: { level: String(e.level), reason: e.reason, deadline: e.deadline, policyVersion: e.policyVersion },
      text: words(e),
    }),
  );
