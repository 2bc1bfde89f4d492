import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import SnappyCodec from 'kafkajs-snappy';
import { compressFrameSync, decompressFrameSync } from 'lz4-napi';
import type { Compression } from '@ksb/contracts';
import { zstdDecompress, zstdStoredFrame } from './zstd-frame';

interface Encoder {
  readonly buffer: Buffer;
}

let registered = false;

/**
 * kafkajs ships gzip only; a record batch compressed with another codec crashes the consumer that fetches
 * it, again after every restart. Registering all of Kafka's codecs once per process means any record
 * another client writes can be read (and dead-lettered if it is not ours).
 */
export const registerCompressionCodecs = (): void => {
  if (registered) return;
  registered = true;
  CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec;
  CompressionCodecs[CompressionTypes.LZ4] = () => ({
    compress: async (encoder: Encoder) => compressFrameSync(encoder.buffer),
    decompress: async (buffer: Buffer) => decompressFrameSync(buffer),
  });
  CompressionCodecs[CompressionTypes.ZSTD] = () => ({
    compress: async (encoder: Encoder) => zstdStoredFrame(encoder.buffer),
    decompress: async (buffer: Buffer) => zstdDecompress(buffer),
  });
};

const TYPES: Record<Compression, CompressionTypes> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};

/** The kafkajs constant for a catalogue compression. */
export const compressionType = (compression: Compression): CompressionTypes => TYPES[compression];
