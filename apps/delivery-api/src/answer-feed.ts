import type { AnswerBook } from '@ksb/delivery-inbox';
import { decodedRecords, type Wire } from '@ksb/wire';

interface AcknowledgementValue {
  envelope: { eventId: string; senderOfficeId: string };
  acknowledgedEventId: string;
  status: string;
  reason?: string | null;
}

/**
 * Every acknowledgement on the ingest topic, whoever sent it (this API, a producer library, a gateway client),
 * into the book of answers: what an office already said about a delivery survives a restart of the API.
 * Only ids, status and reason are kept. An undecodable record is the router's to dead-letter.
 */
export const answerHandler = (wire: Wire, book: AnswerBook) =>
  decodedRecords<AcknowledgementValue>(wire, (value, record) =>
    book.record({
      eventId: value.envelope.eventId,
      senderOfficeId: value.envelope.senderOfficeId,
      acknowledgedEventId: value.acknowledgedEventId,
      status: value.status,
      reason: value.reason ?? null,
      at: new Date(Number(record.timestamp)).toISOString(),
    }),
  );
