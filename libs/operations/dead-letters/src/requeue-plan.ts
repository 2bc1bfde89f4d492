import { DEAD_LETTER_HEADER, REQUEUE_HEADER } from '@ksb/contracts';
import type { DeadLetterFacts } from './dead-letter-facts';
import { AUDITED_NOTE_MAX_CHARS, auditedNoteProblem, type NoteRefusal } from './audited-note';

/** Why a dead letter cannot go back; each says what to do instead. */
export type RequeueRefusal =
  NoteRefusal | 'CONTENT_NOT_IN_LETTER' | 'NO_ORIGIN' | 'NOT_AGENCY_INPUT' | 'DUPLICATE_OF_PROCESSED';

export interface Refused {
  readonly refused: RequeueRefusal;
  readonly why: string;
}

/** Where a dead letter goes back to and with which headers (its key and content go unchanged). */
export interface RequeuePlan {
  readonly topic: string;
  readonly partition: number;
  /** Its original offset: a copy requeued earlier can only lie after it. */
  readonly originalOffset: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface RequeueRequest {
  /** `<dead-letter topic>/<partition>/<offset>`: what the requeued copy carries, and what makes it once. */
  readonly letter: string;
  readonly reason: string;
  readonly by: string;
}

/** The reason is kept in the audit trail for ever: a short note that names a fix, never a person. */
export const REQUEUE_REASON_MAX_CHARS = AUDITED_NOTE_MAX_CHARS;

const LETTER_HEADERS = new Set<string>([...Object.values(DEAD_LETTER_HEADER), ...Object.values(REQUEUE_HEADER)]);

/**
 * Decides whether a dead letter can be put back on the topic it came from, after the cause was fixed (a
 * directory corrected, a stage repaired), and with which headers: the original's, without the dead-letter
 * ones, plus who requeued it, why and from where. Only agency input (the ingest topics) is a target: there
 * the router verifies the sender's signature again, while a routed record is trusted by the redactor as the
 * router's decision. The origin is read from the letter's headers, and whoever wrote those must not steer a
 * requeue onto another topic.
 */
export const requeuePlan = (
  letter: { readonly facts: DeadLetterFacts; readonly headers: Readonly<Record<string, string>> },
  agencyInputs: ReadonlySet<string>,
  request: RequeueRequest,
): RequeuePlan | Refused => {
  const { facts } = letter;
  const note = auditedNoteProblem(request.reason, 'say why it may go back now (--reason)');
  if (note) return note;
  if (facts.reason === 'DUPLICATE_EVENT')
    return {
      refused: 'DUPLICATE_OF_PROCESSED',
      why: 'a second copy of an event the stage had already processed: putting it back would deliver it twice',
    };
  if (facts.stored !== 'inline')
    return {
      refused: 'CONTENT_NOT_IN_LETTER',
      why:
        `too large to copy into the letter: the original stays on ${origin(facts)} until that topic's ` +
        'retention ends; ask the sender to send it again',
    };
  if (!facts.source) return { refused: 'NO_ORIGIN', why: 'the letter does not say which topic it came from' };
  if (!agencyInputs.has(facts.source.topic))
    return {
      refused: 'NOT_AGENCY_INPUT',
      why:
        `${facts.source.topic} is no agency input: a letter goes back only where the router checks it again, ` +
        'signature included (a routed record carries a routing decision, which only the router may write)',
    };
  const kept = Object.entries(letter.headers).filter(([name]) => !LETTER_HEADERS.has(name));
  return {
    topic: facts.source.topic,
    partition: facts.source.partition,
    originalOffset: facts.source.offset,
    headers: {
      ...Object.fromEntries(kept),
      [REQUEUE_HEADER.from]: request.letter,
      [REQUEUE_HEADER.reason]: request.reason.trim(),
      [REQUEUE_HEADER.by]: request.by,
    },
  };
};

export const isRefused = (plan: RequeuePlan | Refused): plan is Refused => 'refused' in plan;

const origin = (facts: DeadLetterFacts) =>
  facts.source ? `${facts.source.topic}/${facts.source.partition}/${facts.source.offset}` : 'its topic';
