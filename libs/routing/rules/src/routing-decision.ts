import type { RuleId } from './rule-catalogue';

export type RecipientRole = 'ACUTE' | 'CASE_OWNER' | 'COPY' | 'REPLY' | 'EXTERNAL_HANDOFF';

/** Offices outside the participating ones are addressed through this channel (manual forwarding). */
export const EXTERNAL_HANDOFF = 'external-handoff';

export interface Recipient {
  readonly officeId: string;
  readonly role: RecipientRole;
  /** The acute office acting under § 86d/§ 87 while another office owns the case. */
  readonly provisional: boolean;
  /** A rule of the catalogue (RuleId) or a partner route's id. */
  readonly rule: RuleId | string;
  readonly legalBasis: string;
  /** Inputs by field path and municipality key; never names or other personal values. */
  readonly explanation: string;
}

export interface RoutingDecision {
  readonly eventId: string;
  readonly directoryVersion: string;
  readonly recipients: readonly Recipient[];
  readonly decidedAt: string;
}

/** Why an event could not be routed: it goes to the dead-letter topic, never to a guessed office. */
export type RejectionCode =
  | 'INVALID_MUNICIPALITY_KEY'
  | 'UNKNOWN_MUNICIPALITY'
  | 'AMBIGUOUS_POSTAL_CODE'
  | 'NOTHING_TO_DECIDE_ON'
  | 'UNKNOWN_RECIPIENT_OFFICE'
  | 'UNSUPPORTED_EVENT_TYPE';

export type RoutingOutcome =
  | { readonly kind: 'routed'; readonly decision: RoutingDecision }
  | {
      readonly kind: 'rejected';
      readonly code: RejectionCode;
      readonly explanation: string;
      readonly directoryVersion: string;
    };
