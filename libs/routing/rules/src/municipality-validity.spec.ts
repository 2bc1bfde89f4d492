import { loadDirectory } from '@ksb/directory';
import { routeEvent, POLICE_NOTIFICATION, URGENT_NOTICE } from './route-event';
import type { RoutingOutcome } from './routing-decision';
import { at, child, parent, policeNotification, urgentNotice } from './test-events';

// Issue 14: a key that names no municipality is dead-lettered; a real one outside the network is handed
// off (naming its Jugendamt where the register can); a postal code routes only when nobody shares it.
const directory = loadDirectory();
const now = new Date('2026-12-05T05:00:00.000Z');
const HILDEN = '05158016';

const routeChildAt = (place: ReturnType<typeof at>) =>
  routeEvent(
    POLICE_NOTIFICATION,
    policeNotification({
      incident: { occurredAt: '2026-12-05T04:40:00.000Z', place: at(HILDEN) },
      children: [child({ currentWhereabouts: place })],
      custodyHolders: [parent('p1', at(HILDEN))],
    }),
    directory,
    now,
  );
const handoffOf = (outcome: RoutingOutcome) =>
  outcome.kind === 'routed' ? outcome.decision.recipients.find((r) => r.role === 'EXTERNAL_HANDOFF') : undefined;

describe('a municipality key that names no real municipality is dead-lettered, never handed off', () => {
  it.each([
    ['a municipality number unused in a participating Kreis', '05158099', /05158099 is no municipality in register/],
    ['a municipality number unused in an NRW Kreis outside the network', '05562099', /05562099 is no municipality/],
    ['a district that does not exist in NRW', '05999001', /district 05999 is not in register/],
    ['municipality part 001 of a kreisfreie Stadt', '05111001', /05111001 is no municipality/],
    ['Land 17', '17000000', /17 is no Land/],
    ['Land 00', '00000000', /00 is no Land/],
    ['a district that does not exist in Bavaria', '09999000', /district 09999 is not in register/],
    ['municipality part 000 in a Landkreis of another Land', '09184000', /municipality part 000 in a Kreis/],
    [
      'a kreisfreie Stadt of another Land with a municipality part',
      '09162123',
      /kreisfreie Stadt has municipality part 000/,
    ],
    ['an ARS whose association part contradicts the register', '051580000016', /ARS does not match 051580016016/],
  ])('%s (%s)', (_, key, reason) => {
    expect(routeChildAt(at(key))).toMatchObject({
      kind: 'rejected',
      code: 'UNKNOWN_MUNICIPALITY',
      explanation: expect.stringMatching(reason),
    });
  });
});

describe('a real municipality outside the network is handed off with the responsible office where known', () => {
  it.each([
    [
      'Dortmund, a kreisfreie Stadt of NRW',
      '05913000',
      /Jugendamt der Stadt Dortmund \(kreisfreie Stadt, § 69 SGB VIII\)/,
    ],
    ['Düsseldorf as a 12-digit ARS', '051110000000', /Jugendamt der Stadt Düsseldorf/],
    [
      'Datteln in Kreis Recklinghausen (NRW, own Jugendamt not in the directory)',
      '05562008',
      /Datteln, Kreis Recklinghausen \(Nordrhein-Westfalen\): Kreisjugendamt or a town's own Jugendamt/,
    ],
    ['München, kreisfreie Stadt in Bavaria (checked by district)', '09162000', /Kreisfreie Stadt München \(Bayern\)/],
    ['Bad Iburg, Landkreis Osnabrück (Lower Saxony)', '03459004', /Landkreis Osnabrück \(Niedersachsen\)/],
  ])('%s (%s)', (_, key, responsible) => {
    const handoff = handoffOf(routeChildAt(at(key)));
    expect(handoff).toMatchObject({ officeId: 'external-handoff', rule: 'P5-external' });
    expect(handoff?.explanation).toMatch(responsible);
  });

  it('names the Kreispolizeibehörde, not a Jugendamt, when a Jugendamt asks for police help outside', () => {
    const event = urgentNotice({ suspectedSexualOffence: false });
    event.danger.place = at('05562008');
    const outcome = routeEvent(URGENT_NOTICE, event, directory, now);
    expect(handoffOf(outcome)?.explanation).toMatch(/Kreis Recklinghausen .*: its Kreispolizeibehörde \(§ 7 POG NRW\)/);
  });
});

describe('a postal code routes only when it lies wholly inside one directory municipality', () => {
  it.each([
    [
      '40721 (Hilden, shared with Düsseldorf)',
      '40721',
      /05111000 Düsseldorf \(outside the network\), 05158016 Hilden \(ja-stadt-hilden\)/,
    ],
    [
      '40472 (Ratingen, shared with Düsseldorf)',
      '40472',
      /05111000 Düsseldorf \(outside the network\), 05158028 Ratingen \(ja-stadt-ratingen\)/,
    ],
  ])('sends %s to manual handling with every candidate', (_, postalCode, candidates) => {
    expect(routeChildAt(at(null, { postalCode }))).toMatchObject({
      kind: 'rejected',
      code: 'AMBIGUOUS_POSTAL_CODE',
      explanation: expect.stringMatching(candidates),
    });
  });

  it.each([
    ['40699', 'ja-stadt-erkrath'],
    ['40723', 'ja-stadt-hilden'],
    ['48485', 'kja-kreis-steinfurt'],
  ])('routes %s, which nobody shares, to %s and says so', (postalCode, office) => {
    const outcome = routeChildAt(at(null, { postalCode }));
    const acute =
      outcome.kind === 'routed' ? outcome.decision.recipients.find((r) => r.officeId === office) : undefined;
    expect(acute?.explanation).toMatch(new RegExp(`postalCode ${postalCode} \\(only candidate\\)`));
  });

  it.each(['10115', '99999'])('dead-letters %s, which is no code of a directory municipality', (postalCode) => {
    expect(routeChildAt(at(null, { postalCode }))).toMatchObject({ kind: 'rejected', code: 'UNKNOWN_MUNICIPALITY' });
  });

  it('prefers the municipality key over a postal code that would be ambiguous', () => {
    const outcome = routeChildAt(at(HILDEN, { postalCode: '40721' }));
    expect(outcome.kind).toBe('routed');
  });
});
