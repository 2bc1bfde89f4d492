import { InvalidCursorError } from './delivery.errors';

/**
 * Where an office stands in its delivery topic: per partition, the next offset it has not been shown. Kafka's
 * own positions, so the cursor outlives any restart of the delivery API and needs no store of its own; opaque
 * to the office (base64url), which hands it back unchanged.
 */
export type Cursor = ReadonlyMap<number, bigint>;

export const START: Cursor = new Map();

export const encodeCursor = (cursor: Cursor): string =>
  Buffer.from(
    JSON.stringify(Object.fromEntries([...cursor].sort(([a], [b]) => a - b).map(([p, o]) => [p, o.toString()]))),
  ).toString('base64url');

export const decodeCursor = (text: string | undefined): Cursor => {
  if (text === undefined || text === '') return START;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('the cursor is not one this API handed out');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new InvalidCursorError('the cursor is not one this API handed out');
  const cursor = new Map<number, bigint>();
  for (const [partition, offset] of Object.entries(parsed)) {
    if (!/^\d{1,5}$/.test(partition) || typeof offset !== 'string' || !/^\d{1,19}$/.test(offset))
      throw new InvalidCursorError('the cursor is not one this API handed out');
    cursor.set(Number(partition), BigInt(offset));
  }
  return cursor;
};
