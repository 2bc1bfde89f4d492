/** DI tokens for what main.ts builds once at start-up. */
export const INGEST_PUBLISHER = Symbol('IngestPublisher');
export const CREDENTIALS = Symbol('ApiKeyStore');
export const RATE_LIMITS = Symbol('TokenBuckets');
export const IDEMPOTENCY = Symbol('IdempotencyCache');
export const DIRECTORY = Symbol('Directory');
export const CLIENT_CERTIFICATES = Symbol('ClientCertificates');
export const CASE_KEY_STORE = Symbol('CaseKeyStore');
export const KEY_RATE_LIMITS = Symbol('KeyRateLimits');
