/**
 * Polls until `probe` returns a value that `done` accepts, and returns it; fails with the last value seen,
 * so a test that waits for "all 40 records" says how many there were.
 */
export const waitUntil = async <T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 45_000, intervalMs = 500, what = 'condition' } = {},
): Promise<T> => {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs)
      throw new Error(`${what} not reached within ${timeoutMs} ms; last: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
};
