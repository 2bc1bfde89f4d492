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
