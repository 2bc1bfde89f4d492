import { BridgeError } from '@ksb/errors';

/** The record's case was erased (`ksb case erase`): its content is gone for good, by design. */
export class CaseErasedError extends BridgeError {
  readonly code = 'CASE_ERASED';
  readonly retriable = false;
}

/** The record's own key was retired when its period ran out (a delivery some time after it was accepted). */
export class CaseKeyRetiredError extends BridgeError {
  readonly code = 'CASE_KEY_RETIRED';
  readonly retriable = false;
}

/**
 * A sealed record names a key the store never held: another deployment's record, or a store that lost keys.
 * Dead-lettered with the reason rather than retried for ever, so one such record cannot stop a stage.
 */
export class CaseKeyUnknownError extends BridgeError {
  readonly code = 'CASE_KEY_UNKNOWN';
  readonly retriable = false;
}

/** The sealed bytes were altered, or sealed under another key than they name. */
export class SealBrokenError extends BridgeError {
  readonly code = 'SEAL_BROKEN';
  readonly retriable = false;
}

/** The key store could not be read or written (disk, KMS down): the record is retried, not dead-lettered. */
export class CaseKeyStoreUnavailableError extends BridgeError {
  readonly code = 'CASE_KEY_STORE_UNAVAILABLE';
  readonly retriable = true;
}
