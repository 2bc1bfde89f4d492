import { BridgeError } from '@ksb/errors';
import type { RejectionCode } from '@ksb/routing-rules';

/** A routing rule could not decide; carries the rule's reason code into the dead-letter headers. */
export class RoutingRejectedError extends BridgeError {
  readonly retriable = false;
  constructor(
    readonly code: RejectionCode,
    explanation: string,
  ) {
    super(explanation);
  }
}
