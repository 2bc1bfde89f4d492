import {
  EVENT_TYPES,
  eventType,
  type Acknowledgement,
  type ChildWelfareNotification,
  type UrgentNotice,
} from '@ksb/contracts';
import type { Directory } from '@ksb/directory';
import { acuteJugendamt, caseOwnerJugendamt } from './police-to-jugendamt';
import { RULES, type RuleId } from './rule-catalogue';
import { loadPartnerRoutes, partnerRecipients, type PartnerRoutes } from './partner-routes';
import { EXTERNAL_HANDOFF, type Recipient, type RecipientRole, type RoutingOutcome } from './routing-decision';
import { targetForPlace, type Target } from './targets';

export const POLICE_NOTIFICATION = eventType('police-notification').record;
export const URGENT_NOTICE = eventType('jugendamt-urgent-notice').record;
export const ACKNOWLEDGEMENT = eventType('acknowledgement').record;

type Problem = Extract<Target, { kind: 'problem' }>;
type Resolved = Exclude<Target, Problem>;
const isProblem = (t: Target): t is Problem => t.kind === 'problem';

const recipient = (
  target: Resolved,
  role: RecipientRole,
  provisional: boolean,
  explanation = target.explanation,
): Recipient => ({
  officeId: target.kind === 'office' ? target.officeId : EXTERNAL_HANDOFF,
  role: target.kind === 'office' ? role : 'EXTERNAL_HANDOFF',
  provisional,
  rule: target.kind === 'office' ? target.rule : 'P5-external',
  legalBasis: RULES[target.kind === 'office' ? target.rule : 'P5-external'].legalBasis,
  explanation:
    target.kind === 'office'
      ? explanation
      : `${explanation}; responsible office per ${RULES[target.rule].legalBasis}, forward manually`,
});

const ROLE_WEIGHT: Record<RecipientRole, number> = {
  CASE_OWNER: 4,
  ACUTE: 3,
  REPLY: 2,
  COPY: 1,
  EXTERNAL_HANDOFF: 0,
};

/** One delivery per office: the stronger role wins, provisional only if every reason was provisional. */
const mergeByOffice = (recipients: Recipient[]): Recipient[] => {
  const merged = new Map<string, Recipient>();
  for (const r of recipients) {
    const seen = merged.get(r.officeId);
    if (!seen) {
      merged.set(r.officeId, r);
      continue;
    }
    const stronger = ROLE_WEIGHT[r.role] > ROLE_WEIGHT[seen.role] ? r : seen;
    merged.set(r.officeId, {
      ...stronger,
      provisional: seen.provisional && r.provisional,
      explanation: `${seen.explanation}; ${r.explanation}`,
    });
  }
  return [...merged.values()];
};

const policeToJugendamt = (
  event: ChildWelfareNotification,
  directory: Directory,
  date: string,
): Recipient[] | Problem => {
  if (event.children.length === 0)
    return { kind: 'problem', code: 'NOTHING_TO_DECIDE_ON', detail: 'children is empty' };
  const context = { directory, date, occurredAt: event.envelope.occurredAt };
  const urgent = event.urgency === 'DANGER_NOW';
  const acute: Recipient[] = [];
  const owners: Recipient[] = [];
  for (const [i, child] of event.children.entries()) {
    const a = acuteJugendamt(event, child, i, context);
    if (isProblem(a)) return a;
    const o = caseOwnerJugendamt(event, child, i, context);
    if (isProblem(o)) {
      // Rule 4: danger now goes to the acute office at once; it acts under § 86d while the owner is settled.
      if (!urgent) return o;
      acute.push(recipient(a, 'ACUTE', true, `${a.explanation}; case owner pending: ${o.detail}`));
    } else if (a.kind === 'office' && o.kind === 'office' && a.officeId === o.officeId) {
      owners.push(recipient(o, 'CASE_OWNER', false, `acute and case owner: ${a.explanation}; ${o.explanation}`));
    } else {
      const handOver = o.kind === 'office' ? o.officeId : EXTERNAL_HANDOFF;
      acute.push(
        recipient(
          a,
          'ACUTE',
          true,
          `${a.explanation}; provisional (${RULES['P3-provisional'].legalBasis}): hand over to ${handOver}`,
        ),
      );
      owners.push(recipient(o, 'CASE_OWNER', false));
    }
  }
  return mergeByOffice(urgent ? [...acute, ...owners] : [...owners, ...acute]);
};

const jugendamtToPolice = (event: UrgentNotice, directory: Directory, date: string): Recipient[] | Problem => {
  const context = { directory, date };
  const [place, path] =
    event.danger.place.municipalityKey || event.danger.place.postalCode || !event.child.currentWhereabouts
      ? [event.danger.place, 'danger.place']
      : [event.child.currentWhereabouts, 'child.currentWhereabouts'];
  const kpb = targetForPlace(place, path, 'kpbId', 'J7-kpb', context);
  if (isProblem(kpb)) return kpb;
  const urgent = event.urgency === 'DANGER_NOW';
  if (!event.suspectedSexualOffence) return [recipient(kpb, 'ACUTE', false)];
  const khs = targetForPlace(place, path, 'kriminalhauptstelleId', 'J8-kriminalhauptstelle', context);
  if (isProblem(khs)) return khs;
  // Immediate danger always goes to the KPB as the acting authority; otherwise it gets a copy.
  const kpbRecipient = recipient(kpb, urgent ? 'ACUTE' : 'COPY', false);
  return mergeByOffice(
    urgent ? [kpbRecipient, recipient(khs, 'CASE_OWNER', false)] : [recipient(khs, 'CASE_OWNER', false), kpbRecipient],
  );
};

const reply = (event: Acknowledgement, directory: Directory): Recipient[] | Problem => {
  const office = directory.offices.get(event.originalSenderOfficeId);
  if (!office) {
    return {
      kind: 'problem',
      code: 'UNKNOWN_RECIPIENT_OFFICE',
      detail: `originalSenderOfficeId ${event.originalSenderOfficeId} is not in directory ${directory.version}`,
    };
  }
  return [
    {
      officeId: office.id,
      role: 'REPLY',
      provisional: false,
      rule: 'R9-reply',
      legalBasis: RULES['R9-reply'].legalBasis,
      explanation: `reply to originalSenderOfficeId ${office.id} for acknowledgedEventId, not re-resolved`,
    },
  ];
};

/**
 * Decides who must receive an event, as data: recipients with role, rule, legal basis and the inputs used,
 * plus the directory version. Anything that cannot be decided is rejected with a reason code.
 */
export const routeEvent = (
  recordName: string,
  event: unknown,
  directory: Directory,
  now: Date,
  routes: PartnerRoutes = loadPartnerRoutes(),
): RoutingOutcome => {
  const date = now.toISOString().slice(0, 10);
  const eventId = (event as { envelope?: { eventId?: string } }).envelope?.eventId ?? '';
  const rejected = (problem: Problem): RoutingOutcome => ({
    kind: 'rejected',
    code: problem.code,
    explanation: problem.detail,
    directoryVersion: directory.version,
  });
  // Network partners first: an exclusive partner route (a family court referral) is not for the police.
  const eventType = EVENT_TYPES.find((t) => t.record === recordName)?.name ?? recordName;
  const partners = partnerRecipients(eventType, event, { directory, date }, routes);
  if (!('recipients' in partners)) return rejected(partners);
  const result = partners.exclusive
    ? partners.recipients
    : recordName === POLICE_NOTIFICATION
      ? policeToJugendamt(event as ChildWelfareNotification, directory, date)
      : recordName === URGENT_NOTICE
        ? jugendamtToPolice(event as UrgentNotice, directory, date)
        : recordName === ACKNOWLEDGEMENT
          ? reply(event as Acknowledgement, directory)
          : ({
              kind: 'problem',
              code: 'UNSUPPORTED_EVENT_TYPE',
              detail: `no routing rules for ${recordName}`,
            } as Problem);
  if (!Array.isArray(result)) return rejected(result);
  const recipients = partners.exclusive ? result : mergeByOffice([...result, ...partners.recipients]);
  return {
    kind: 'routed',
    decision: { eventId, directoryVersion: directory.version, recipients, decidedAt: now.toISOString() },
  };
};

/** What a rule id stands for: a rule of the catalogue or a partner route (for explanations and trails). */
export const describeRule = (
  id: string,
  routes: PartnerRoutes = loadPartnerRoutes(),
): { legalBasis: string; text: string } | undefined =>
  id in RULES ? RULES[id as RuleId] : routes.routes.find((r) => r.id === id);
