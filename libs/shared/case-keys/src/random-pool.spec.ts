import { RandomPool } from './random-pool';

describe('RandomPool', () => {
  it('hands out every byte once: values never repeat across refills', () => {
    const pool = new RandomPool();
    const seen = new Set<string>();
    // 3 × 4096 bytes of 12-byte IVs, so the pool is refilled on the way.
    for (let i = 0; i < 1024; i++) seen.add(pool.take(12).toString('hex'));
    expect(seen.size).toBe(1024);
  });

  it('gives copies: a kept key does not change when the pool is refilled', () => {
    const pool = new RandomPool();
    const key = pool.take(32);
    const before = Buffer.from(key);
    for (let i = 0; i < 300; i++) pool.take(32);
    expect(key).toEqual(before);
  });

  it('gives each value memory of its own, never a slice of a shared slab', () => {
    const pool = new RandomPool();
    const key = pool.take(32);
    expect(key.buffer.byteLength).toBe(32);
    expect(pool.take(12).buffer).not.toBe(key.buffer);
  });

  it('wipes what it handed out from the pool', () => {
    const pool = new RandomPool();
    pool.take(32);
    const inside = (pool as unknown as { pool: Buffer }).pool;
    expect(inside.subarray(0, 32).every((b) => b === 0)).toBe(true);
    expect(inside.subarray(32, 64).some((b) => b !== 0)).toBe(true);
  });

  it('refuses more than one pool at once', () => {
    expect(() => new RandomPool().take(4097)).toThrow(RangeError);
  });
});
