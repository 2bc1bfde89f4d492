import { HEADER } from '@ksb/contracts';
import type { AnswerBook } from '@ksb/delivery-inbox';
import { isRetriable } from '@ksb/errors';
import { headerText, type Wire } from '@ksb/wire';
import type { FollowedRecord } from '@ksb/wire';

interface AcknowledgementValue {
  envelope: { eventId: string; senderOfficeId: string };
  acknowledgedEventId: string;
  status: string;
  reason?: string | null;
}

/**
 * Every acknowledgement on the ingest topic, whoever sent it (this API, a producer library, a gateway client),
 * into the book of answers: what an office already said about a delivery survives a restart of the API.
 * An undecodable record is the router's to dead-letter; it says nothing about an answer.
 */
export const answerHandler =
  (wire: Wire, book: AnswerBook) =>
  async (record: FollowedRecord): Promise<void> => {
    let value: AcknowledgementValue;
    try {
      value = (await wire.codec.decode<AcknowledgementValue>(record.value)).value;
    } catch (error) {
      if (isRetriable(error)) throw error;
      return;
    }
    book.record({
      eventId: value.envelope.eventId ?? headerText(record.headers, HEADER.eventId) ?? '',
      senderOfficeId: value.envelope.senderOfficeId,
      acknowledgedEventId: value.acknowledgedEventId,
      status: value.status,
      reason: value.reason ?? null,
      at: new Date(Number(record.timestamp)).toISOString(),
    });
  };
