import { DEAD_LETTER_HEADER as H, DEAD_LETTER_TOPIC } from '@ksb/contracts';
import { reasonCodeOf } from '@ksb/errors';

export const DEAD_LETTER_LOGICAL = DEAD_LETTER_TOPIC;

/**
 * Headers in Kafka Connect's naming so existing tooling reads them, plus our stable reason code.
 * Messages are ours (field paths, ids), never payload text.
 */
export const deadLetterHeaders = (
  source: { topic: string; partition: number; offset: string },
  error: unknown,
  service: string,
) => ({
  [H.topic]: source.topic,
  [H.partition]: String(source.partition),
  [H.offset]: source.offset,
  [H.exceptionClass]: error instanceof Error ? error.name : 'Unknown',
  [H.exceptionMessage]: error instanceof Error ? error.message : String(error),
  [H.reasonCode]: reasonCodeOf(error),
  [H.failedService]: service,
});

export interface DeadLetterInput {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  /** The original bytes, unchanged, so the message can be repaired and replayed. */
  readonly rawValue: Buffer | null;
  readonly rawHeaders: Record<string, string>;
  readonly error: unknown;
}

export const deadLetterMessage = (input: DeadLetterInput, service: string) => ({
  key: input.key,
  value: input.rawValue,
  headers: { ...input.rawHeaders, ...deadLetterHeaders(input, input.error, service) },
});
