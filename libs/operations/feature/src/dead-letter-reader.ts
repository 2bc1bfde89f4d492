import { createHash } from 'node:crypto';
import { DEAD_LETTER_HEADER, DEAD_LETTER_TOPIC } from '@ksb/contracts';
import { isSealed } from '@ksb/case-keys';
import { deadLetterFacts, type DeadLetterFacts } from '@ksb/dead-letters';
import { headersAsText, partitionBounds, readRange, type RawHeaders, type Wire } from '@ksb/wire';

/** A dead letter with what `ksb dlq show` prints beside its facts: its headers, and its content's size and hash. */
export interface DeadLetterRecord {
  readonly facts: DeadLetterFacts;
  readonly headers: Readonly<Record<string, string>>;
  readonly valueBytes: number;
  /**
   * SHA-256 of the original (for a sealed letter the one it names, else of the stored value): an auditor can
   * match it with the original without anyone printing it.
   */
  readonly valueSha256: string | null;
  /** Sealed under its case's key (ADR 0023): only a holder of the key store opens it, and not after an erasure. */
  readonly sealed: boolean;
}

/** A dead letter with its key and content, for `ksb dlq requeue` to put back unchanged; never printed. */
export interface DeadLetterWithContent {
  readonly record: DeadLetterRecord;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

/**
 * Every committed record of the dead-letter topic, or only the one at `at`. Reads metadata for triage; the
 * content is hashed, never handed on (who may read it is the auditor's role, ADR 0023).
 */
export const readDeadLetters = async (
  wire: Wire,
  at?: { readonly partition: number; readonly offset: string },
): Promise<DeadLetterRecord[]> => (await readLetters(wire, at)).map((l) => l.record);

/** The letter at `at` with its content, or undefined when there is none. */
export const readDeadLetterWithContent = async (
  wire: Wire,
  at: { readonly partition: number; readonly offset: string },
): Promise<DeadLetterWithContent | undefined> => (await readLetters(wire, at))[0];

const readLetters = async (
  wire: Wire,
  at?: { readonly partition: number; readonly offset: string },
): Promise<DeadLetterWithContent[]> => {
  const topic = wire.topic(DEAD_LETTER_TOPIC);
  // Kafka's own answer for a missing topic names a partition, not the topic or the fix.
  if (!(await wire.withAdmin((admin) => admin.listTopics())).includes(topic))
    throw new Error(`${topic} does not exist here (ksb topics apply creates it)`);
  const bounds = await partitionBounds(wire, topic);
  const ranges = at
    ? bounds
        .filter(
          (b) =>
            b.partition === at.partition && BigInt(at.offset) >= BigInt(b.from) && BigInt(at.offset) < BigInt(b.to),
        )
        .map((b) => ({ partition: b.partition, from: at.offset, to: (BigInt(at.offset) + 1n).toString() }))
    : bounds;
  const letters: DeadLetterWithContent[] = [];
  await readRange(wire, topic, ranges, {
    onMessages: (partition, messages) => {
      for (const m of messages) {
        const headers = headersAsText(m.headers as RawHeaders);
        const record = {
          facts: deadLetterFacts({ partition, offset: m.offset, timestamp: m.timestamp, headers }),
          headers,
          valueBytes: m.value?.length ?? 0,
          valueSha256:
            (isSealed(m.value) ? headers[DEAD_LETTER_HEADER.originalSha256] : undefined) ??
            (m.value ? createHash('sha256').update(m.value).digest('hex') : null),
          sealed: isSealed(m.value),
        };
        letters.push({ record, key: m.key, value: m.value });
      }
    },
  });
  return letters.sort((a, b) => a.record.facts.at - b.record.facts.at);
};
