/** Framing a record adds in a v2 record batch (length, attributes, deltas, varints), rounded up. */
const RECORD_FRAMING_BYTES = 32;
/** A record batch's own header. */
export const BATCH_HEADER_BYTES = 61;

interface SizedMessage {
  readonly key?: string | Buffer | null;
  readonly value: Buffer | string | null;
  readonly headers?: Record<string, string | Buffer | (string | Buffer)[] | undefined>;
}

type Sized = string | Buffer | (string | Buffer)[] | null | undefined;

const length = (v: Sized): number =>
  v === null || v === undefined
    ? 0
    : Array.isArray(v)
      ? v.reduce((n, part) => n + length(part), 0)
      : typeof v === 'string'
        ? Buffer.byteLength(v)
        : v.length;

/** What a record costs in a batch before compression: an upper bound of what the broker checks. */
export const recordBytes = (message: SizedMessage): number => {
  let bytes = RECORD_FRAMING_BYTES + length(message.key) + length(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {}))
    bytes += Buffer.byteLength(name) + length(value) + 4;
  return bytes;
};
