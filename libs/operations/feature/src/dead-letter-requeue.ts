import {
  compressionOf,
  DEAD_LETTER_REQUEUE_ID_PREFIX,
  DEAD_LETTER_TOPIC,
  EVENT_TYPES,
  REQUEUE_HEADER,
} from '@ksb/contracts';
import { isRefused, requeuePlan, type RequeuePlan, type RequeueRefusal } from '@ksb/dead-letters';
import { compressionType, headerText, partitionBounds, readRange, sendBounded, type Wire } from '@ksb/wire';
import { readDeadLetterWithContent } from './dead-letter-reader';

export type RequeueOutcome =
  | { readonly requeued: { readonly topic: string; readonly partition: number; readonly offset?: string } }
  | { readonly refused: RequeueRefusal | 'NO_SUCH_LETTER' | 'ALREADY_REQUEUED'; readonly why: string };

/**
 * `ksb dlq requeue`: puts a router's dead letter back on the ingest topic it came from, once, after its cause
 * was fixed. The copy keeps the original's key, content and headers (signature included) and says which letter
 * it is, who put it back and why; the audit trail records that with the copy's hops.
 *
 * Once: the transactional id is the letter's own. Claiming it fences a requeue of the same letter running
 * elsewhere and aborts its open transaction; only then does it look on the origin partition, after the
 * original, for a copy of this letter that committed. None there: the copy is written in a transaction of its
 * own, which a later claim can only abort, never duplicate.
 */
export const requeueDeadLetter = async (
  wire: Wire,
  at: { readonly partition: number; readonly offset: string },
  request: { readonly reason: string; readonly by: string },
): Promise<RequeueOutcome> => {
  const letterTopic = wire.topic(DEAD_LETTER_TOPIC);
  const place = `${letterTopic}/${at.partition}/${at.offset}`;
  const letter = await readDeadLetterWithContent(wire, at);
  if (!letter) return { refused: 'NO_SUCH_LETTER', why: `no dead letter at ${at.partition}:${at.offset}` };
  const inputs = new Map(EVENT_TYPES.map((e) => [wire.topic(e.ingestTopic), e.ingestTopic]));
  const plan = requeuePlan(letter.record, new Set(inputs.keys()), { letter: place, ...request });
  if (isRefused(plan)) return plan;

  const producer = await wire.producer({
    transactionalId: `${DEAD_LETTER_REQUEUE_ID_PREFIX}${letterTopic}.${at.partition}.${at.offset}`,
  });
  try {
    const claim = await producer.transaction();
    await claim.abort();
    const earlier = await requeuedCopy(wire, plan, place);
    if (earlier !== undefined)
      return {
        refused: 'ALREADY_REQUEUED',
        why: `this letter was put back before, at ${plan.topic}/${plan.partition}/${earlier}`,
      };
    const transaction = await producer.transaction();
    try {
      const sent = await sendBounded(
        transaction,
        [
          {
            topic: plan.topic,
            compression: compressionType(compressionOf(inputs.get(plan.topic) ?? plan.topic)),
            message: { partition: plan.partition, key: letter.key, value: letter.value, headers: { ...plan.headers } },
          },
        ],
        wire.partitionCount,
      );
      await transaction.commit();
      return { requeued: { topic: plan.topic, partition: plan.partition, offset: sent.first?.offset } };
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
};

/** The offset of a committed copy of this letter on the origin partition, if there is one. */
const requeuedCopy = async (wire: Wire, plan: RequeuePlan, place: string): Promise<string | undefined> => {
  const end = (await partitionBounds(wire, plan.topic)).find((b) => b.partition === plan.partition)?.to;
  if (end === undefined) return undefined;
  let found: string | undefined;
  await readRange(
    wire,
    plan.topic,
    [{ partition: plan.partition, from: String(BigInt(plan.originalOffset) + 1n), to: end }],
    {
      onMessages: (_, messages) => {
        for (const m of messages) if (headerText(m.headers, REQUEUE_HEADER.from) === place) found ??= m.offset;
      },
    },
  );
  return found;
};
