import { BridgeError } from '@ksb/errors';
import type { CaseProblemCode, RejectionCode } from '@ksb/routing-rules';
import type { SignatureProblem } from '@ksb/signatures';

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

/** The event's signature does not hold (unsigned, unknown or expired key, another office's key, changed bytes). */
export class SignatureRejectedError extends BridgeError {
  readonly retriable = false;
  constructor(
    readonly code: SignatureProblem,
    explanation: string,
  ) {
    super(explanation);
  }
}

/** The event would continue a case its sender is no part of, or acknowledge what it never received. */
export class CaseRejectedError extends BridgeError {
  readonly retriable = false;
  constructor(
    readonly code: CaseProblemCode,
    explanation: string,
  ) {
    super(explanation);
  }
}
