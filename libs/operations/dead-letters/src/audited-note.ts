/**
 * The note an operator gives for an action the audit trail keeps for ever (a requeue, an erasure): short, and
 * naming the fix or the cause, never a person or the content of a case.
 */
export const AUDITED_NOTE_MAX_CHARS = 200;

export type NoteRefusal = 'NO_REASON' | 'REASON_TOO_LONG';

/** What is wrong with the note, if anything; `ask` tells the operator what to write. */
export const auditedNoteProblem = (
  note: string,
  ask: string,
): { readonly refused: NoteRefusal; readonly why: string } | undefined => {
  if (note.trim() === '') return { refused: 'NO_REASON', why: `${ask}: the audit trail keeps it` };
  if (note.trim().length > AUDITED_NOTE_MAX_CHARS)
    return {
      refused: 'REASON_TOO_LONG',
      why: `at most ${AUDITED_NOTE_MAX_CHARS} characters: the audit trail keeps it for ever, so name the cause, not the case`,
    };
  return undefined;
};
