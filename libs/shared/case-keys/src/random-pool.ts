import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;

/**
 * Fresh random bytes for IVs and data keys, drawn from one CSPRNG fill of 4 KiB instead of a call per value:
 * each `randomBytes` call costs about 5 µs here whatever its size, and a stage seals every record it writes
 * (issue 16's CPU budget is 0.5 ms per event). Every byte is handed out once, as a copy, and wiped from the
 * pool as it goes, so no key lingers in it and the caller may keep what it got.
 */
export class RandomPool {
  private readonly pool = Buffer.allocUnsafeSlow(POOL_BYTES);
  private used = POOL_BYTES;

  take(bytes: number): Buffer {
    if (bytes > POOL_BYTES) throw new RangeError(`at most ${POOL_BYTES} random bytes at once, not ${bytes}`);
    if (this.used + bytes > POOL_BYTES) {
      randomFillSync(this.pool);
      this.used = 0;
    }
    // Memory of its own, not a slice of Node's shared 8 KiB slab: a data key never shares an ArrayBuffer with
    // unrelated data (key.buffer), as with randomBytes before.
    const taken = Buffer.allocUnsafeSlow(bytes);
    this.pool.copy(taken, 0, this.used, this.used + bytes);
    this.pool.fill(0, this.used, this.used + bytes);
    this.used += bytes;
    return taken;
  }
}

const shared = new RandomPool();

/** The process's pool: sealing and key creation share it. */
export const freshRandom = (bytes: number): Buffer => shared.take(bytes);
