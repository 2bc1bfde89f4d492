import { decompress } from 'fzstd';

const MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
/** Single segment, 8-byte frame content size, no checksum, no dictionary (RFC 8878 §3.1.1.1.1). */
const DESCRIPTOR = 0xe0;
const MAX_BLOCK = 128 * 1024;

/**
 * Writes a Zstandard frame of raw (stored) blocks: valid zstd that any reader decodes, without a native
 * compressor. The bridge never declares zstd for its own topics (docs/adr/0012); this exists so it can
 * write what it reads, and so tests can produce zstd records as another client would.
 */
export const zstdStoredFrame = (data: Buffer): Buffer => {
  const header = Buffer.alloc(4 + 1 + 8);
  MAGIC.copy(header, 0);
  header[4] = DESCRIPTOR;
  header.writeBigUInt64LE(BigInt(data.length), 5);
  const parts: Buffer[] = [header];
  let offset = 0;
  do {
    const size = Math.min(MAX_BLOCK, data.length - offset);
    const last = offset + size >= data.length ? 1 : 0;
    const blockHeader = Buffer.alloc(3);
    // Last_Block bit, Block_Type 0 (raw), Block_Size in the upper 21 bits.
    blockHeader.writeUIntLE(last | (size << 3), 0, 3);
    parts.push(blockHeader, data.subarray(offset, offset + size));
    offset += size;
  } while (offset < data.length);
  return Buffer.concat(parts);
};

export const zstdDecompress = (data: Buffer): Buffer => Buffer.from(decompress(data));
