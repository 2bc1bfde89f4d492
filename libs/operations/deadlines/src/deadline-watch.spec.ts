import type { AuditRecord, DeliveryEscalation } from '@ksb/contracts';
import { loadDeadlinePolicy, parseDeadlinePolicy, periodEnd, ruleFor } from './deadline-policy';
import { DeadlineWatch } from './deadline-watch';

const T0 = Date.parse('2026-12-04T10:00:00.000Z'); // a Friday
const min = 60_000;
let n = 0;
const hop = (
  kind: AuditRecord['hop'],
  fields: Partial<AuditRecord>,
  details: Record<string, string>,
  atMs: number,
): AuditRecord =>
  ({
    auditId: `t/0/${n++}`,
    hop: kind,
    eventId: 'event-1',
    correlationId: 'case-1',
    eventType: 'police-notification',
    senderOfficeId: null,
    recipientOfficeId: null,
    ...fields,
    details: { occurredAt: new Date(atMs).toISOString(), ...details },
  }) as unknown as AuditRecord;

const policy = loadDeadlinePolicy();
const watchOf = () => {
  const watch = new DeadlineWatch(policy, (office) => `on-call of ${office}`);
  watch.observe(hop('RECEIVED', { senderOfficeId: 'kpb-mettmann' }, { urgency: 'DANGER_NOW' }, T0));
  watch.observe(hop('DELIVERED', { recipientOfficeId: 'ja-stadt-hilden' }, {}, T0 + 1000));
  return watch;
};
const answer = (status: string, atMs: number) =>
  hop(
    'ACKNOWLEDGED',
    { eventId: `ack-${status}`, eventType: 'acknowledgement', senderOfficeId: 'ja-stadt-hilden' },
    { status, acknowledgedEventId: 'event-1' },
    atMs,
  );
/** Publishes what is due, as the monitor does, and returns it. */
const tick = (watch: DeadlineWatch, atMs: number): DeliveryEscalation[] => {
  const due = watch.due(atMs);
  due.forEach((e) => watch.recall(e));
  return due;
};

describe('DeadlineWatch', () => {
  it('raises a danger-now delivery not picked up after 10 minutes once, the second level 15 minutes later once, and resolves once on acceptance', () => {
    const watch = watchOf();
    expect(tick(watch, T0 + 9 * min)).toEqual([]);
    const [first] = tick(watch, T0 + 11 * min);
    expect(first).toMatchObject({
      escalationId: 'ja-stadt-hilden:event-1',
      state: 'RAISED',
      level: 1,
      reason: 'PICKUP_OVERDUE',
      correlationId: 'case-1',
      senderOfficeId: 'kpb-mettmann',
      deadline: new Date(T0 + 1000 + 10 * min).toISOString(),
      escalateTo: null,
    });
    expect(tick(watch, T0 + 12 * min)).toEqual([]);
    const [second] = tick(watch, T0 + 27 * min);
    expect(second).toMatchObject({ state: 'RAISED', level: 2, escalateTo: 'on-call of ja-stadt-hilden' });
    expect(tick(watch, T0 + 60 * min)).toEqual([]);
    expect(watch.open()).toEqual([second]);
    watch.observe(answer('RECEIVED', T0 + 61 * min));
    expect(tick(watch, T0 + 62 * min)).toEqual([]);
    watch.observe(answer('ACCEPTED', T0 + 63 * min));
    const [resolved] = tick(watch, T0 + 64 * min);
    expect(resolved).toMatchObject({ state: 'RESOLVED', level: 2, reason: 'ANSWERED' });
    expect(tick(watch, T0 + 65 * min)).toEqual([]);
    expect(watch.open()).toEqual([]);
  });

  it('raises a picked-up but unanswered delivery at the answer deadline, and never one answered in time', () => {
    const watch = watchOf();
    watch.observe(answer('RECEIVED', T0 + 2 * min));
    expect(tick(watch, T0 + 20 * min)).toEqual([]);
    expect(tick(watch, T0 + 31 * min)).toMatchObject([{ level: 1, reason: 'DECISION_OVERDUE' }]);
    const onTime = watchOf();
    onTime.observe(answer('REJECTED', T0 + 5 * min));
    expect(tick(onTime, T0 + 120 * min)).toEqual([]);
  });

  it('continues from the escalations read back: a restarted watch raises nothing twice', () => {
    const first = watchOf();
    const raised = tick(first, T0 + 11 * min);
    const restarted = watchOf();
    raised.forEach((e) => restarted.recall(e));
    expect(tick(restarted, T0 + 12 * min)).toEqual([]);
    expect(tick(restarted, T0 + 27 * min)).toMatchObject([{ level: 2 }]);
  });

  it('leaves acknowledgements and event types without a rule alone', () => {
    const watch = new DeadlineWatch(policy, () => '');
    watch.observe(hop('RECEIVED', { eventType: 'acknowledgement', senderOfficeId: 'x' }, {}, T0));
    watch.observe(hop('DELIVERED', { eventType: 'acknowledgement', recipientOfficeId: 'kpb-mettmann' }, {}, T0));
    watch.observe(hop('RECEIVED', { eventId: 'e2', eventType: 'other', senderOfficeId: 'x' }, {}, T0));
    watch.observe(hop('DELIVERED', { eventId: 'e2', eventType: 'other', recipientOfficeId: 'y' }, {}, T0));
    expect(watch.due(T0 + 30 * 24 * 60 * min)).toEqual([]);
  });
});

describe('deadline policy', () => {
  it('counts working days from Monday to Friday and picks the exact urgency before "*"', () => {
    expect(new Date(periodEnd(T0, { workingDays: 1 })).toISOString()).toBe('2026-12-07T10:00:00.000Z');
    expect(new Date(periodEnd(T0, { workingDays: 3 })).toISOString()).toBe('2026-12-09T10:00:00.000Z');
    expect(ruleFor(policy, 'police-notification', 'NORMAL')?.pickupWithin).toEqual({ workingDays: 1 });
    expect(ruleFor(policy, 'jugendamt-urgent-notice', 'DANGER_NOW')?.urgency).toBe('*');
    expect(ruleFor(policy, 'acknowledgement', null)).toBeUndefined();
  });

  it('refuses a policy with a broken entry, naming where', () => {
    const rule = { ...policy.rules[0], pickupWithin: { hours: 1 } };
    expect(() => parseDeadlinePolicy({ version: 'x', rules: [rule] })).toThrow('rules[0].pickupWithin');
    expect(() => parseDeadlinePolicy({ version: 'x', rules: [{ ...policy.rules[0], basis: '' }] })).toThrow(
      'rules[0].basis',
    );
    expect(() => parseDeadlinePolicy({ rules: [] })).toThrow('version');
  });
});
