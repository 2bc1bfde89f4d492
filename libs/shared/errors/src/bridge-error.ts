/**
 * Root of every error the bridge raises on purpose. The `code` is stable and machine-readable: it is what
 * lands in dead-letter headers and audit records, so renaming one is a contract change.
 * `retriable` decides between "try again" (broker hiccup) and "dead-letter it" (bad input).
 */
export abstract class BridgeError extends Error {
  abstract readonly code: string;
  abstract readonly retriable: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export const isRetriable = (error: unknown): boolean => error instanceof BridgeError && error.retriable;

/** The reason code for any thrown value; unknown errors get a code that says so instead of a guess. */
export const reasonCodeOf = (error: unknown): string =>
  error instanceof BridgeError ? error.code : 'UNEXPECTED_ERROR';
