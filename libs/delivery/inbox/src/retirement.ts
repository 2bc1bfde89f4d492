import type { AnswerBook } from './answers';
import type { Delivery } from './inbox';

/**
 * The sealed deliveries whose period after acceptance has run out (deletion-periods.json,
 * `readableDaysAfterAcceptance`): their keys are to be retired. The period runs from the office's ACCEPTED
 * decision only: a rejected delivery goes back to its sender's handling and an unanswered one is still the
 * office's to decide, so both stay readable until their topic's retention. Deliveries encrypted to the office,
 * or in clear, have no key of the bridge's to retire and are not listed.
 */
export const dueForRetirement = (
  deliveries: Iterable<Delivery>,
  answers: Pick<AnswerBook, 'of'>,
  now: Date,
  readableAfterAcceptanceMs: number,
): Delivery[] => {
  const due: Delivery[] = [];
  for (const delivery of deliveries) {
    if (!delivery.sealedKeyId) continue;
    const decision = answers.of(delivery).decision;
    if (decision?.status !== 'ACCEPTED') continue;
    if (Date.parse(decision.at) + readableAfterAcceptanceMs <= now.getTime()) due.push(delivery);
  }
  return due;
};
