import {
  CASE_ERASURE_TOPIC,
  DEAD_LETTER_TOPIC,
  derivedEventId,
  RECORD,
  retentionMsOf,
  type CaseErasure,
} from '@ksb/contracts';
import type { CaseErasure as StoredErasure, CaseKeyStore } from '@ksb/case-keys';
import { erasureProblem, type ErasureRefusal, type ErasureRequestInput } from '@ksb/dead-letters';
import type { PublishedEvent, Wire } from '@ksb/wire';
import { readDeadLetters } from './dead-letter-reader';

export type ErasureOutcome =
  | {
      readonly caseId: string;
      readonly erased: StoredErasure & { readonly repeated: boolean };
      readonly recorded: PublishedEvent;
    }
  | { readonly refused: ErasureRefusal; readonly why: string };

/**
 * `ksb case erase`: destroys the case's data keys, so every record sealed under them on every topic is
 * ciphertext without a key from then on (Kafka cannot delete one record), then records the erasure on its
 * topic, from which the audit writer makes the ERASED hop. Keys first: if recording fails, the key is gone
 * anyway and a second run finds the erasure in the store and records it (marked repeated), so an erasure
 * is never recorded without having happened. The record's event id derives from the case and the time of
 * the first erasure, so the trail tells repeated runs apart from erasures of new events of the same case.
 */
export const eraseCase = async (
  wire: Wire,
  store: CaseKeyStore,
  request: ErasureRequestInput,
): Promise<ErasureOutcome> => {
  const problem = erasureProblem(request);
  if (problem) return problem;
  const caseId = request.caseId.trim();
  const erased = await store.erase(caseId, {
    erasedBy: request.by,
    reason: request.reason.trim(),
    legalBasis: request.legalBasis.trim(),
  });
  const value: CaseErasure = {
    correlationId: caseId,
    caseReference: erased.caseReference,
    keyIds: [...erased.keyIds],
    erasedAt: erased.erasedAt,
    erasedBy: erased.erasedBy,
    reason: erased.reason,
    legalBasis: erased.legalBasis,
    repeated: erased.repeated,
    purgedLetter: request.purgedLetter ?? null,
  };
  // The producer is the wire's; the caller closes the wire.
  const publisher = await wire.publisher();
  const recorded = await publisher.publish({
    topic: CASE_ERASURE_TOPIC,
    schema: await wire.registerSchema(CASE_ERASURE_TOPIC, RECORD.CaseErasure),
    key: caseId,
    value,
    eventId: erased.repeated
      ? derivedEventId(`erased-again:${new Date().toISOString()}`, caseId)
      : derivedEventId(`erased:${erased.erasedAt}`, caseId),
    correlationId: caseId,
  });
  return { caseId, erased, recorded };
};

export type PurgeOutcome =
  ErasureOutcome | { readonly refused: 'NO_SUCH_LETTER' | 'NOT_SEALED' | 'NO_CASE'; readonly why: string };

/**
 * `ksb dlq purge`: a dead letter is erased like a case, because that is how it is sealed: the letter's case
 * key is destroyed, and with it every record of the case on every topic, which the operator is told. A letter
 * in clear (poison that names no case, a reference to an original too large to copy, a letter from before
 * sealing) has no key to destroy; it is refused with the day its topic lets it go.
 */
export const purgeDeadLetter = async (
  wire: Wire,
  store: CaseKeyStore,
  at: { readonly partition: number; readonly offset: string },
  request: Omit<ErasureRequestInput, 'caseId' | 'purgedLetter'>,
): Promise<PurgeOutcome> => {
  const [letter] = await readDeadLetters(wire, at);
  if (!letter) return { refused: 'NO_SUCH_LETTER', why: `no dead letter at ${at.partition}:${at.offset}` };
  const keptDays = Math.round(retentionMsOf('dead-letter') / 86_400_000);
  const leaves = new Date(letter.facts.at + retentionMsOf('dead-letter')).toISOString().slice(0, 10);
  if (!letter.sealed)
    return {
      refused: 'NOT_SEALED',
      why: `stored in clear (${letter.facts.stored ?? 'unknown'}), under no case key: it leaves the topic with its ${keptDays} days, on ${leaves}`,
    };
  const caseId = letter.facts.correlationId;
  if (!caseId) return { refused: 'NO_CASE', why: 'the letter names no case, so no key can be found for it' };
  return eraseCase(wire, store, {
    ...request,
    caseId,
    purgedLetter: `${wire.topic(DEAD_LETTER_TOPIC)}/${at.partition}/${at.offset}`,
  });
};
