import type { DeliveryEscalation } from '@ksb/contracts';
import { escalationStep, type CaseTrails } from '@ksb/delivery-inbox';
import { decodedRecords, type SkippedRecord, type Wire } from '@ksb/wire';

/** The lag monitor's escalations into the senders' trails: overdue, escalated, resolved. */
export const escalationHandler = (wire: Wire, trails: CaseTrails, skipped?: SkippedRecord) =>
  decodedRecords<DeliveryEscalation>(wire, (e) => trails.note(e.correlationId, escalationStep(e)), skipped);
