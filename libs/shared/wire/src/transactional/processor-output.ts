import type { DeadLetterInput } from '../dead-letter/dead-letter';
import type { OutgoingEvent } from '../publish/event-publisher.port';

/**
 * What a transactional handler returns instead of producing itself: events to publish and messages to
 * dead-letter. The server writes them in the same Kafka transaction as the input offset, so a crash
 * loses or duplicates nothing.
 */
export type ProcessorOutput =
  | { readonly kind: 'event'; readonly event: OutgoingEvent<unknown> }
  | { readonly kind: 'dead-letter'; readonly input: DeadLetterInput };
