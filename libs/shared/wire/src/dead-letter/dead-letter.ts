import { createHash } from 'node:crypto';
import { DEAD_LETTER_HEADER as H, DEAD_LETTER_MESSAGE_CHARS, DEAD_LETTER_TOPIC, RECORD_LIMITS } from '@ksb/contracts';
import { reasonCodeOf } from '@ksb/errors';
import { recordBytes } from '../publish/record-size';

export const DEAD_LETTER_LOGICAL = DEAD_LETTER_TOPIC;

const cut = (text: string) =>
  text.length > DEAD_LETTER_MESSAGE_CHARS ? `${text.slice(0, DEAD_LETTER_MESSAGE_CHARS)}…` : text;

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
  [H.exceptionMessage]: cut(error instanceof Error ? error.message : String(error)),
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
  /**
   * Seals the original under its case's key (ADR 0023), so an erased case's letter is unreadable too; the
   * letter then names the original's SHA-256, which the audit trail keeps in place of the letter's own hash.
   */
  readonly seal?: (plain: Buffer) => Buffer;
}

export interface DeadLetterMessage {
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

/**
 * The original bytes and headers with the reason, or, where that would exceed the dead-letter topic's
 * record limit, a reference (topic, partition, offset, size, SHA-256, reason) while the original stays
 * where it is until its topic's retention ends. Either way the partition moves on and nothing is dropped
 * silently.
 */
export const deadLetterMessage = (input: DeadLetterInput, service: string): DeadLetterMessage => {
  const reason = deadLetterHeaders(input, input.error, service);
  const size = input.rawValue?.length ?? 0;
  const sha256 = () =>
    createHash('sha256')
      .update(input.rawValue ?? Buffer.alloc(0))
      .digest('hex');
  const sealed = input.seal && input.rawValue ? input.seal(input.rawValue) : undefined;
  const inline: DeadLetterMessage = {
    key: input.key,
    value: sealed ?? input.rawValue,
    headers: {
      ...input.rawHeaders,
      ...reason,
      [H.originalStored]: 'inline',
      [H.originalSizeBytes]: String(size),
      ...(sealed ? { [H.originalSha256]: sha256() } : {}),
    },
  };
  if (recordBytes(inline) <= RECORD_LIMITS.deadLetter) return inline;
  return {
    key: input.key && input.key.length <= 256 ? input.key : null,
    value: null,
    headers: {
      ...reason,
      [H.originalStored]: 'reference',
      [H.originalSizeBytes]: String(size),
      [H.originalSha256]: sha256(),
    },
  };
};
