import { UnframedValueError } from '../wire.errors';

const MAGIC_BYTE = 0;
const HEADER_LENGTH = 5;

/** Confluent wire format: magic byte 0, schema id as 4-byte big-endian int, then the Avro binary body. */
export const frame = (schemaId: number, body: Buffer): Buffer => {
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt8(MAGIC_BYTE, 0);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
};

/** What writes a value's body at a position of a buffer: avsc's `Type.encode` (negative: that many bytes short). */
export interface BodyWriter {
  encode(value: unknown, buffer: Buffer, position: number): number;
}

/**
 * Where values are written before they are copied out. avsc's own `toBuffer` writes into a 1 KiB buffer and,
 * for anything larger — every routed record and most deliveries — writes the whole value a second time.
 */
let scratch = Buffer.allocUnsafeSlow(64 * 1024);

/** The framed value in one pass and one copy: header and body written into the scratch buffer, then copied. */
export const encodeFramed = (schemaId: number, writer: BodyWriter, value: unknown): Buffer => {
  let end = writer.encode(value, scratch, HEADER_LENGTH);
  if (end < 0) {
    scratch = Buffer.allocUnsafeSlow(Math.max(2 * scratch.length, scratch.length - end));
    end = writer.encode(value, scratch, HEADER_LENGTH);
  }
  scratch.writeUInt8(MAGIC_BYTE, 0);
  scratch.writeInt32BE(schemaId, 1);
  return Buffer.from(scratch.subarray(0, end));
};

export const unframe = (value: Buffer | null | undefined): { schemaId: number; body: Buffer } => {
  if (!value || value.length < HEADER_LENGTH) {
    throw new UnframedValueError(
      `value of ${value?.length ?? 0} bytes is shorter than the ${HEADER_LENGTH}-byte frame`,
    );
  }
  if (value.readUInt8(0) !== MAGIC_BYTE) {
    throw new UnframedValueError(`value starts with byte ${value.readUInt8(0)}, not the magic byte ${MAGIC_BYTE}`);
  }
  return { schemaId: value.readInt32BE(1), body: value.subarray(HEADER_LENGTH) };
};
