import { auditedNoteProblem, type NoteRefusal } from './audited-note';

export type ErasureRefusal = NoteRefusal | 'NO_CASE' | 'NO_LEGAL_BASIS';

export interface ErasureRequestInput {
  readonly caseId: string;
  readonly reason: string;
  readonly legalBasis: string;
  readonly by: string;
  /** Set by `ksb dlq purge`: the letter (topic/partition/offset) whose case is erased with it. */
  readonly purgedLetter?: string;
}

/**
 * Checks an erasure before any key is destroyed, which cannot be undone: the case named, why (a short note the
 * audit trail keeps for ever) and the provision that requires it, as a data protection officer would ask.
 */
export const erasureProblem = (
  request: ErasureRequestInput,
): { readonly refused: ErasureRefusal; readonly why: string } | undefined => {
  if (request.caseId.trim() === '') return { refused: 'NO_CASE', why: 'name the case (its correlation id)' };
  const note = auditedNoteProblem(request.reason, 'say why the case is erased (--reason)');
  if (note) return note;
  if (request.legalBasis.trim() === '')
    return {
      refused: 'NO_LEGAL_BASIS',
      why: 'name the provision that requires it (--basis), e.g. "§ 84 Abs. 2 SGB X", "Art. 17 DSGVO", "§ 32 PolG NRW"',
    };
  return undefined;
};
