import { randomBytes } from 'node:crypto';
import { zstdDecompress, zstdStoredFrame } from './zstd-frame';

describe('zstd stored frames', () => {
  it.each([0, 1, 1000, 128 * 1024, 128 * 1024 + 1, 400_000])('round-trip %p bytes through a zstd reader', (n) => {
    const data = randomBytes(n);
    expect(zstdDecompress(zstdStoredFrame(data)).equals(data)).toBe(true);
  });

  it('starts with the zstd magic number', () => {
    expect(zstdStoredFrame(Buffer.from('x')).subarray(0, 4).toString('hex')).toBe('28b52ffd');
  });
});
