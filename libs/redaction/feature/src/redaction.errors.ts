import { BridgeError } from '@ksb/errors';

/** Default deny made visible: no policy for this sender → recipient and event type, so nothing crosses. */
export class NoPolicyError extends BridgeError {
  readonly code = 'NO_POLICY';
  readonly retriable = false;
}

export class UnknownOfficeError extends BridgeError {
  readonly code = 'UNKNOWN_OFFICE';
  readonly retriable = false;
}

/** The event names no legal basis, or one the policy has no entry for: never sent under a default basis. */
export class UnknownLegalBasisError extends BridgeError {
  readonly code = 'UNKNOWN_LEGAL_BASIS';
  readonly retriable = false;
}
