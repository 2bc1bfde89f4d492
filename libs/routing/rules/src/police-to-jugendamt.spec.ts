import { loadDirectory, parseDirectory, readDirectoryFiles } from '@ksb/directory';
import { routeEvent, POLICE_NOTIFICATION } from './route-event';
import type { Recipient, RoutingOutcome } from './routing-decision';
import { at, child, parent, policeNotification } from './test-events';

const directory = loadDirectory();
const now = new Date('2026-11-21T05:00:00.000Z');
const HILDEN = '05158016';
const ERKRATH = '05158004';
const MONHEIM = '05158026';
const SOEST = '05974040';
const BAD_SASSENDORF = '05974008'; // Kreisjugendamt Kreis Soest
const DORTMUND = '05913000'; // outside the participating Kreise

const route = (overrides: Parameters<typeof policeNotification>[0]) =>
  routeEvent(POLICE_NOTIFICATION, policeNotification(overrides), directory, now);
const recipients = (outcome: RoutingOutcome) => (outcome.kind === 'routed' ? outcome.decision.recipients : []);
const summary = (outcome: RoutingOutcome) =>
  recipients(outcome).map((r: Recipient) => [r.officeId, r.role, r.provisional, r.rule]);
const incident = (ags: string) => ({ occurredAt: '2026-11-20T22:40:00.000Z', place: at(ags) });

describe('police → Jugendamt: acute and case owner (§§ 86, 86d, 87 SGB VIII)', () => {
  it('sends to one office as case owner when the child is where its parents live', () => {
    const outcome = route({
      incident: incident(HILDEN),
      children: [child({ currentWhereabouts: at(HILDEN) })],
      custodyHolders: [parent('p1', at(HILDEN)), parent('p2', at(HILDEN))],
    });
    expect(summary(outcome)).toEqual([['ja-stadt-hilden', 'CASE_OWNER', false, 'P2-parents']]);
    expect(outcome).toMatchObject({
      decision: { directoryVersion: directory.version, eventId: '3f0b3a0e-5f4f-4b1e-9b7a-8a5f6c1d2e01' },
    });
  });

  it('sends to both when the child is elsewhere: the acute office provisional, with a handover hint', () => {
    const outcome = route({
      incident: incident(HILDEN),
      children: [child({ currentWhereabouts: at(ERKRATH) })],
      custodyHolders: [parent('p1', at(HILDEN))],
    });
    expect(summary(outcome)).toEqual([
      ['ja-stadt-hilden', 'CASE_OWNER', false, 'P2-parents'],
      ['ja-stadt-erkrath', 'ACUTE', true, 'P1-acute'],
    ]);
    expect(recipients(outcome)[1].explanation).toMatch(/hand over to ja-stadt-hilden/);
  });

  it('uses the incident place when the child’s whereabouts are unknown', () => {
    const outcome = route({
      incident: incident(ERKRATH),
      children: [child({ currentWhereabouts: null })],
      custodyHolders: [parent('p1', at(HILDEN))],
    });
    expect(summary(outcome)).toContainEqual(['ja-stadt-erkrath', 'ACUTE', true, 'P1-acute']);
    expect(recipients(outcome)[1].explanation).toMatch(/^incident\.place\.municipalityKey 05158004/);
  });

  it('puts the acute office first for danger now, so it is produced first', () => {
    const outcome = route({
      urgency: 'DANGER_NOW',
      incident: incident(HILDEN),
      children: [child({ currentWhereabouts: at(ERKRATH) })],
      custodyHolders: [parent('p1', at(HILDEN))],
    });
    expect(summary(outcome).map((r) => r[1])).toEqual(['ACUTE', 'CASE_OWNER']);
  });
});

describe('separated parents (§ 86 Abs. 2)', () => {
  const apart = (overrides: Parameters<typeof parent>[2] = {}, other: Parameters<typeof parent>[2] = {}) => [
    parent('p1', at(HILDEN), overrides),
    parent('p2', at(MONHEIM), other),
  ];

  it('follows sole custody', () => {
    const outcome = route({
      incident: incident(HILDEN),
      children: [child({ currentWhereabouts: at(MONHEIM) })],
      custodyHolders: apart({}, { custody: 'SOLE' }),
    });
    expect(summary(outcome)).toEqual([['ja-stadt-monheim-am-rhein', 'CASE_OWNER', false, 'P2-sole-custody']]);
  });

  it('with joint custody follows the parent the child last lived with', () => {
    const outcome = route({
      incident: incident(HILDEN),
      children: [child({ currentWhereabouts: at(HILDEN), lastLivedWith: ['p2'] })],
      custodyHolders: apart(),
    });
    expect(summary(outcome)).toContainEqual(['ja-stadt-monheim-am-rhein', 'CASE_OWNER', false, 'P2-lived-with']);
  });

  it('if the child lived with both, follows where it last actually stayed', () => {
    const outcome = route({
      incident: incident(HILDEN),
      children: [child({ currentWhereabouts: at(MONHEIM), lastLivedWith: ['p1', 'p2'] })],
      custodyHolders: apart(),
    });
    expect(summary(outcome)).toEqual([['ja-stadt-monheim-am-rhein', 'CASE_OWNER', false, 'P2-lived-with-both']]);
  });

  it('if the child lived with neither for six months, follows its own habitual residence', () => {
    const outcome = route({
      incident: incident(HILDEN),
      children: [
        child({
          currentWhereabouts: at(HILDEN),
          habitualResidence: at(ERKRATH),
          livedWithNeitherParentLast6Months: true,
        }),
      ],
      custodyHolders: apart(),
    });
    expect(summary(outcome)).toContainEqual(['ja-stadt-erkrath', 'CASE_OWNER', false, 'P2-lived-with-neither']);
  });

  it('refuses to guess when nothing decides between the parents', () => {
    const outcome = route({
      incident: incident(HILDEN),
      children: [child({ currentWhereabouts: at(HILDEN), lastLivedWith: [] })],
      custodyHolders: apart(),
    });
    expect(outcome).toMatchObject({ kind: 'rejected', code: 'NOTHING_TO_DECIDE_ON' });
  });

  it('with danger now still reaches the acute office at once, provisional, and says the owner is pending', () => {
    const outcome = route({
      urgency: 'DANGER_NOW',
      incident: incident(HILDEN),
      children: [child({ currentWhereabouts: at(ERKRATH), lastLivedWith: [] })],
      custodyHolders: apart(),
    });
    expect(summary(outcome)).toEqual([['ja-stadt-erkrath', 'ACUTE', true, 'P1-acute']]);
    expect(recipients(outcome)[0].explanation).toMatch(/case owner pending/);
  });
});

describe('special cases of § 86', () => {
  it('parents abroad, unknown or deceased: the child’s habitual residence (§ 86 Abs. 4)', () => {
    const outcome = route({
      incident: incident(HILDEN),
      children: [child({ currentWhereabouts: at(HILDEN), habitualResidence: at(SOEST) })],
      custodyHolders: [
        parent('p1', null, { residenceStatus: 'DECEASED' }),
        parent('p2', at(null, { countryCode: 'PL' }), { residenceStatus: 'ABROAD' }),
      ],
    });
    expect(summary(outcome)).toContainEqual(['ja-stadt-soest', 'CASE_OWNER', false, 'P2-no-parents']);
  });

  it('foster placement of two years that continues: the foster parents’ residence (§ 86 Abs. 6)', () => {
    const outcome = route({
      incident: incident(HILDEN),
      children: [
        child({
          currentWhereabouts: at(HILDEN),
          fosterPlacement: {
            since: '2023-05-01',
            expectedToContinue: true,
            fosterParentsResidence: at(BAD_SASSENDORF),
          },
        }),
      ],
      custodyHolders: [parent('p1', at(ERKRATH))],
    });
    expect(summary(outcome)).toContainEqual(['kja-kreis-soest', 'CASE_OWNER', false, 'P2-foster']);
  });

  it('a foster placement shorter than two years does not move responsibility', () => {
    const outcome = route({
      incident: incident(HILDEN),
      children: [
        child({
          currentWhereabouts: at(HILDEN),
          fosterPlacement: {
            since: '2025-05-01',
            expectedToContinue: true,
            fosterParentsResidence: at(BAD_SASSENDORF),
          },
        }),
      ],
      custodyHolders: [parent('p1', at(ERKRATH))],
    });
    expect(summary(outcome)).toContainEqual(['ja-stadt-erkrath', 'CASE_OWNER', false, 'P2-parents']);
  });

  it('a young adult (18–26): their own habitual residence (§ 86a)', () => {
    const outcome = route({
      incident: incident(HILDEN),
      children: [
        child({
          person: { givenName: 'A', familyName: 'B', birthDate: '2005-01-01', sex: 'MALE' },
          currentWhereabouts: at(HILDEN),
          habitualResidence: at(SOEST),
        }),
      ],
      custodyHolders: [parent('p1', at(ERKRATH))],
    });
    expect(summary(outcome)).toContainEqual(['ja-stadt-soest', 'CASE_OWNER', false, 'P2-young-adult']);
  });
});

describe('several children, outside offices and bad keys', () => {
  it('delivers once per office across several children, keeping the stronger role', () => {
    const outcome = route({
      incident: incident(HILDEN),
      children: [
        child({ childRef: 'c1', currentWhereabouts: at(HILDEN) }),
        child({ childRef: 'c2', currentWhereabouts: at(ERKRATH) }),
      ],
      custodyHolders: [parent('p1', at(HILDEN), { parentOf: ['c1', 'c2'] })],
    });
    expect(summary(outcome)).toEqual([
      ['ja-stadt-hilden', 'CASE_OWNER', false, 'P2-parents'],
      ['ja-stadt-erkrath', 'ACUTE', true, 'P1-acute'],
    ]);
  });

  it('sends a residence outside the participating offices to the external handoff, with the reason', () => {
    const outcome = route({
      incident: incident(HILDEN),
      children: [child({ currentWhereabouts: at(HILDEN) })],
      custodyHolders: [parent('p1', at(DORTMUND))],
    });
    expect(summary(outcome)).toEqual([
      ['external-handoff', 'EXTERNAL_HANDOFF', false, 'P5-external'],
      ['ja-stadt-hilden', 'ACUTE', true, 'P1-acute'],
    ]);
    expect(recipients(outcome)[0].explanation).toMatch(
      /05913000 is outside the participating offices \(responsible: Jugendamt der Stadt Dortmund .*\); responsible office per § 86 Abs. 1 SGB VIII, forward manually/,
    );
  });

  it.each([
    ['an invalid key', at('5158016'), 'INVALID_MUNICIPALITY_KEY'],
    ['an unknown key in a participating Kreis', at('05158099'), 'UNKNOWN_MUNICIPALITY'],
    ['a postal code matching nothing', at(null, { postalCode: '10115' }), 'UNKNOWN_MUNICIPALITY'],
    ['no key and no postal code', at(null), 'NOTHING_TO_DECIDE_ON'],
  ])('dead-letters %s instead of guessing', (_, place, code) => {
    const outcome = route({
      incident: incident(HILDEN),
      children: [child({ currentWhereabouts: place })],
      custodyHolders: [parent('p1', at(HILDEN))],
    });
    expect(outcome).toMatchObject({ kind: 'rejected', code });
  });

  it('accepts a 12-digit ARS', () => {
    const outcome = route({
      incident: incident(HILDEN),
      children: [child({ currentWhereabouts: at('051580016016') })],
      custodyHolders: [parent('p1', at(HILDEN))],
    });
    expect(summary(outcome)).toEqual([['ja-stadt-hilden', 'CASE_OWNER', false, 'P2-parents']]);
  });

  it('uses a postal code alone only when it has exactly one candidate, and says so', () => {
    const outcome = route({
      incident: incident(HILDEN),
      children: [child({ currentWhereabouts: at(null, { postalCode: '40699' }) })],
      custodyHolders: [parent('p1', at(HILDEN))],
    });
    expect(recipients(outcome)[1]).toMatchObject({ officeId: 'ja-stadt-erkrath', role: 'ACUTE' });
    expect(recipients(outcome)[1].explanation).toMatch(/postalCode 40699 \(only candidate\)/);
  });

  it('dead-letters a postal code that straddles two municipalities', () => {
    const files = readDirectoryFiles();
    const straddling = parseDirectory({
      ...files,
      postalCodes: `${files.postalCodes}40699,05158008,Haan,test\n`,
      municipalities: files.municipalities.replace(
        'Haan,Kreis Mettmann,ja-stadt-haan,kpb-mettmann,khs-pp-duesseldorf,42781',
        'Haan,Kreis Mettmann,ja-stadt-haan,kpb-mettmann,khs-pp-duesseldorf,42781 40699',
      ),
    });
    const event = policeNotification({
      incident: incident(HILDEN),
      children: [child({ currentWhereabouts: at(null, { postalCode: '40699' }) })],
      custodyHolders: [parent('p1', at(HILDEN))],
    });
    expect(routeEvent(POLICE_NOTIFICATION, event, straddling, now)).toMatchObject({
      kind: 'rejected',
      code: 'AMBIGUOUS_POSTAL_CODE',
      explanation: expect.stringMatching(
        /05158004 Erkrath \(ja-stadt-erkrath\), 05158008 Haan \(ja-stadt-haan\): manual decision/,
      ),
    });
  });

  it('never puts a name into an explanation', () => {
    const text = JSON.stringify(route({}));
    expect(text).not.toMatch(/Mia|Muster|Musterweg/);
  });
});
