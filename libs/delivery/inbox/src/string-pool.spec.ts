import { StringPool } from './string-pool';

// Copies of one value as a decoder makes them (equal strings, separate heap objects: that the pool hands out
// the first copy is what `npm run bench:delivery-memory` measures; equal strings cannot be told apart here).
const copy = (s: string) => Buffer.from(s).toString();

describe('StringPool', () => {
  it('keeps one entry per distinct value, answers each value unchanged and passes absent values through', () => {
    const pool = new StringPool();
    const answers = ['ja-stadt-hilden', 'ja-stadt-hilden', 'kpb-mettmann', 'ja-stadt-hilden'].map((v) =>
      pool.of(copy(v)),
    );
    expect(answers).toEqual(['ja-stadt-hilden', 'ja-stadt-hilden', 'kpb-mettmann', 'ja-stadt-hilden']);
    expect(pool.of(null)).toBeNull();
    expect(pool.of(undefined)).toBeUndefined();
    expect(pool.size).toBe(2);
  });

  it('stops growing at its capacity and still answers every value unchanged', () => {
    const pool = new StringPool(2);
    expect(['a', 'b', 'c', 'd', 'a'].map((v) => pool.of(copy(v)))).toEqual(['a', 'b', 'c', 'd', 'a']);
    expect(pool.size).toBe(2);
  });
});
