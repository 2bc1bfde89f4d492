import type { Delivery } from './inbox';

/**
 * The sealed deliveries whose period after acceptance has run out (deletion-periods.json,
 * `readableDaysAfterAcceptance`): their keys are to be retired. Deliveries encrypted to the office, or in
 * clear, have no key of the bridge's to retire and are not listed.
 */
export const dueForRetirement = (
  deliveries: Iterable<Delivery>,
  acceptedAt: (delivery: Delivery) => string | undefined,
  now: Date,
  readableAfterAcceptanceMs: number,
): Delivery[] => {
  const due: Delivery[] = [];
  for (const delivery of deliveries) {
    if (!delivery.sealedKeyId) continue;
    const accepted = acceptedAt(delivery);
    if (accepted !== undefined && Date.parse(accepted) + readableAfterAcceptanceMs <= now.getTime()) due.push(delivery);
  }
  return due;
};
