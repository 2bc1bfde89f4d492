import { CaseRegister, caseProblem } from './case-register';
import { ACKNOWLEDGEMENT, POLICE_NOTIFICATION } from './route-event';

const register = new CaseRegister();
// A case from the Mettmann police to Hilden (case owner) and Erkrath (acute), and another office's case.
register.record({
  eventId: 'n-1',
  correlationId: 'case-1',
  senderOfficeId: 'kpb-mettmann',
  recipientOfficeIds: ['ja-stadt-hilden', 'ja-stadt-erkrath'],
});
register.record({
  eventId: 'n-2',
  correlationId: 'case-2',
  senderOfficeId: 'kpb-soest',
  recipientOfficeIds: ['ja-stadt-soest'],
});

const event = (sender: string, correlationId: string, causationId: string | null = null) => ({
  envelope: { senderOfficeId: sender, correlationId, causationId },
});
const ack = (
  sender: string,
  acknowledgedEventId: string,
  originalSenderOfficeId = 'kpb-mettmann',
  correlationId = 'case-1',
) => ({
  ...event(sender, correlationId, acknowledgedEventId),
  acknowledgedEventId,
  originalSenderOfficeId,
});

describe('case continuity', () => {
  it('lets the offices of a case continue it, and anyone start a new one', () => {
    expect(caseProblem(register, POLICE_NOTIFICATION, event('ja-stadt-hilden', 'case-1', 'n-1'))).toBeUndefined();
    expect(caseProblem(register, POLICE_NOTIFICATION, event('kpb-viersen', 'case-new'))).toBeUndefined();
    expect(caseProblem(register, POLICE_NOTIFICATION, event('kpb-viersen', 'case-new', 'not-ours'))).toBeUndefined();
  });

  it.each([
    ['an office outside the case', event('kpb-viersen', 'case-1'), 'CASE_NOT_SENDERS'],
    ['a causing event of another case', event('ja-stadt-hilden', 'case-1', 'n-2'), 'CAUSATION_OTHER_CASE'],
  ])('refuses %s', (_, e, code) => {
    expect(caseProblem(register, POLICE_NOTIFICATION, e)).toMatchObject({ code });
  });

  it('accepts an acknowledgement only from a recipient, of a routed event, back to its sender', () => {
    expect(caseProblem(register, ACKNOWLEDGEMENT, ack('ja-stadt-erkrath', 'n-1'))).toBeUndefined();
    expect(caseProblem(register, ACKNOWLEDGEMENT, ack('ja-stadt-hilden', 'n-9'))).toMatchObject({
      code: 'ACKNOWLEDGED_EVENT_UNKNOWN',
    });
    // Under a case id of its own and no causation, so that only the recipient rule can refuse it.
    const outsider = { ...ack('ja-stadt-soest', 'n-1'), ...event('ja-stadt-soest', 'case-x') };
    expect(caseProblem(register, ACKNOWLEDGEMENT, outsider)).toMatchObject({
      code: 'ACKNOWLEDGEMENT_NOT_FROM_RECIPIENT',
    });
    expect(caseProblem(register, ACKNOWLEDGEMENT, ack('ja-stadt-hilden', 'n-1', 'kpb-soest'))).toMatchObject({
      code: 'ACKNOWLEDGEMENT_WRONG_ORIGINAL_SENDER',
    });
  });

  it('counts an event recorded twice once', () => {
    const again = new CaseRegister();
    const fact = { eventId: 'e', correlationId: 'c', senderOfficeId: 'a', recipientOfficeIds: ['b'] };
    again.record(fact);
    again.record(fact);
    expect([again.size, [...(again.caseOffices('c') ?? [])]]).toEqual([1, ['a', 'b']]);
  });
});
