import { CASE_ERASURE_TOPIC, derivedEventId, RECORD, type CaseErasure } from '@ksb/contracts';
import type { CaseErasure as StoredErasure, CaseKeyStore } from '@ksb/case-keys';
import { erasureProblem, type ErasureRefusal, type ErasureRequestInput } from '@ksb/dead-letters';
import type { PublishedEvent, Wire } from '@ksb/wire';

export type ErasureOutcome =
  | { readonly erased: StoredErasure & { readonly repeated: boolean }; readonly recorded: PublishedEvent }
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
  return { erased, recorded };
};
