/**
 * One copy of each short value that repeats across many records (office ids, event types, rules, legal bases).
 * Every decoded record brings fresh copies of them; the delivery API holds every delivery and every case's
 * trail for months, where the copies weigh more than the facts. Bounded, because the values come off topics:
 * past `capacity` distinct values a value is kept as it came, which costs memory but never correctness.
 */
export class StringPool {
  private readonly values = new Map<string, string>();

  constructor(private readonly capacity = 4096) {}

  get size(): number {
    return this.values.size;
  }

  of(value: string): string;
  of(value: string | null): string | null;
  of(value: string | null | undefined): string | null | undefined;
  of(value: string | null | undefined): string | null | undefined {
    if (value === null || value === undefined) return value;
    const pooled = this.values.get(value);
    if (pooled !== undefined) return pooled;
    if (this.values.size < this.capacity) this.values.set(value, value);
    return value;
  }
}
