import { loadDirectory } from '@ksb/directory';
import { ACKNOWLEDGEMENT, routeEvent, URGENT_NOTICE } from './route-event';
import { at, urgentNotice } from './test-events';

const directory = loadDirectory();
const now = new Date('2026-11-21T05:00:00.000Z');
const VIERSEN = '05166032';

const routeNotice = (overrides: Parameters<typeof urgentNotice>[0], place = at(VIERSEN)) => {
  const event = urgentNotice(overrides);
  event.danger.place = place;
  return routeEvent(URGENT_NOTICE, event, directory, now);
};

describe('Jugendamt → police (§ 7 POG NRW, Kriminalhauptstellen)', () => {
  it('sends an assistance request to the KPB of the place of the danger', () => {
    expect(routeNotice({ suspectedSexualOffence: false })).toMatchObject({
      kind: 'routed',
      decision: { recipients: [{ officeId: 'kpb-viersen', role: 'ACUTE', rule: 'J7-kpb' }] },
    });
  });

  it('with danger now and a suspected sexual offence: the KPB acts, the Kriminalhauptstelle investigates', () => {
    expect(routeNotice({ urgency: 'DANGER_NOW', suspectedSexualOffence: true })).toMatchObject({
      decision: {
        recipients: [
          { officeId: 'kpb-viersen', role: 'ACUTE' },
          { officeId: 'khs-pp-moenchengladbach', role: 'CASE_OWNER' },
        ],
      },
    });
  });

  it('falls back to the child’s whereabouts when the danger place has no key', () => {
    const event = urgentNotice({ suspectedSexualOffence: false });
    event.danger.place = at(null);
    event.child.currentWhereabouts = at('05162024');
    expect(routeEvent(URGENT_NOTICE, event, directory, now)).toMatchObject({
      decision: { recipients: [{ officeId: 'kpb-rhein-kreis-neuss' }] },
    });
  });

  it('hands a place outside the participating KPBs to the external channel', () => {
    expect(routeNotice({ suspectedSexualOffence: false }, at('05315000'))).toMatchObject({
      decision: { recipients: [{ officeId: 'external-handoff', role: 'EXTERNAL_HANDOFF' }] },
    });
  });
});

describe('replies (rule 9)', () => {
  const ack = (originalSenderOfficeId: string) => ({
    envelope: { eventId: 'a1' },
    originalSenderOfficeId,
    acknowledgedEventId: 'e1',
  });

  it('go back to the office that sent the original event, not re-resolved', () => {
    expect(routeEvent(ACKNOWLEDGEMENT, ack('kpb-mettmann'), directory, now)).toMatchObject({
      decision: { recipients: [{ officeId: 'kpb-mettmann', role: 'REPLY', rule: 'R9-reply' }] },
    });
  });

  it('are dead-lettered when that office is not in the directory', () => {
    expect(routeEvent(ACKNOWLEDGEMENT, ack('kpb-atlantis'), directory, now)).toMatchObject({
      kind: 'rejected',
      code: 'UNKNOWN_RECIPIENT_OFFICE',
    });
  });

  it('refuse event types without rules', () => {
    expect(routeEvent('de.kinderschutz.bridge.ops.CanaryProbe', {}, directory, now)).toMatchObject({
      kind: 'rejected',
      code: 'UNSUPPORTED_EVENT_TYPE',
    });
  });
});
