import { createHash } from 'node:crypto';

/**
 * A UUID-shaped id derived from the input event: reprocessing the same input yields the same output id,
 * so a consumer (and a test) can see at a glance that nothing was duplicated.
 */
export const derivedEventId = (stage: string, inputEventId: string): string => {
  const h = createHash('sha256').update(`${stage}:${inputEventId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
