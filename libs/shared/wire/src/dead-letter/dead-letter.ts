import { reasonCodeOf } from '@ksb/errors';

export const DEAD_LETTER_LOGICAL = 'ksb.ops.dead-letter';

/**
 * Headers in Kafka Connect's naming so existing tooling reads them, plus our stable reason code.
 * Messages are ours (field paths, ids), never payload text.
 */
export const deadLetterHeaders = (
  source: { topic: string; partition: number; offset: string },
  error: unknown,
  service: string,
) => ({
  '__connect.errors.topic': source.topic,
  '__connect.errors.partition': String(source.partition),
  '__connect.errors.offset': source.offset,
  '__connect.errors.exception.class.name': error instanceof Error ? error.name : 'Unknown',
  '__connect.errors.exception.message': error instanceof Error ? error.message : String(error),
  'ksb-reason-code': reasonCodeOf(error),
  'ksb-failed-service': service,
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
