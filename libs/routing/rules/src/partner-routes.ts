import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { valueAtPath, type Address } from '@ksb/contracts';
import { isValidOn, type Directory } from '@ksb/directory';
import { describe, resolvePlace } from './resolve-place';
import type { Recipient, RecipientRole, RejectionCode } from './routing-decision';

/** A route to a network partner (partner-routes.json): event, basis, role, place; the office from the directory. */
export interface PartnerRoute {
  readonly id: string;
  readonly eventType: string;
  readonly when: { readonly field: string; readonly equals: string };
  readonly recipientRole: string;
  /** The recipient's role in the decision: one of the RoutingDecision schema's, so no contract changes. */
  readonly as: Extract<RecipientRole, 'CASE_OWNER' | 'COPY' | 'ACUTE'>;
  /** Paths to addresses in the event, in order: the first that names a place decides. */
  readonly places: readonly string[];
  /** The event goes only to this route's recipients; the police and Jugendamt rules do not apply. */
  readonly exclusive: boolean;
  readonly legalBasis: string;
  readonly text: string;
}

export interface PartnerRoutes {
  readonly version: string;
  readonly routes: readonly PartnerRoute[];
}

export const PARTNER_ROUTES_FILE = resolve(__dirname, '..', 'data', 'partner-routes.json');

let shipped: PartnerRoutes | undefined;
/** The shipped routes, read once: routing data like the policy, reviewed and versioned. */
export const loadPartnerRoutes = (): PartnerRoutes =>
  (shipped ??= JSON.parse(readFileSync(PARTNER_ROUTES_FILE, 'utf8')) as PartnerRoutes);

type Problem = { readonly kind: 'problem'; readonly code: RejectionCode; readonly detail: string };

/**
 * The partner recipients of an event: for each route whose event type and basis match, the office of the
 * route's role responsible for the first place the event names. A place outside the network, or one the
 * directory names no office of that role for, stops the decision (dead letter): never a guess.
 */
export const partnerRecipients = (
  eventType: string,
  event: unknown,
  context: { directory: Directory; date: string },
  routes: PartnerRoutes,
): { recipients: Recipient[]; exclusive: boolean } | Problem => {
  const recipients: Recipient[] = [];
  let exclusive = false;
  for (const route of routes.routes) {
    if (route.eventType !== eventType || valueAtPath(event, route.when.field) !== route.when.equals) continue;
    const path = route.places.find((p) => {
      const place = valueAtPath(event, p) as Address | null | undefined;
      return place && (place.municipalityKey || place.postalCode);
    });
    if (!path)
      return {
        kind: 'problem',
        code: 'NOTHING_TO_DECIDE_ON',
        detail: `${route.id}: none of ${route.places.join(', ')} names a place`,
      };
    const resolved = resolvePlace(valueAtPath(event, path) as Address, context.directory, context.date, path);
    if (resolved.kind === 'problem') return resolved;
    if (resolved.kind !== 'participating')
      return {
        kind: 'problem',
        code: 'UNKNOWN_RECIPIENT_OFFICE',
        detail: `${route.id}: ${path} is outside the participating municipalities; no ${route.recipientRole} office to send to`,
      };
    const responsible = context.directory.responsibilities.find(
      (r) => r.ags === resolved.municipality.ags && r.role === route.recipientRole && isValidOn(r, context.date),
    );
    if (!responsible)
      return {
        kind: 'problem',
        code: 'UNKNOWN_RECIPIENT_OFFICE',
        detail: `${route.id}: directory ${context.directory.version} names no ${route.recipientRole} office for AGS ${resolved.municipality.ags}`,
      };
    recipients.push({
      officeId: responsible.officeId,
      role: route.as,
      provisional: false,
      rule: route.id,
      legalBasis: route.legalBasis,
      explanation: `${describe(resolved)} → ${responsible.officeId} (${route.recipientRole}, ${route.when.field} ${route.when.equals})`,
    });
    exclusive ||= route.exclusive;
  }
  return { recipients, exclusive };
};
