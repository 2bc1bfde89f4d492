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
