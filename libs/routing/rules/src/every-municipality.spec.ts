import { loadDirectory, parseDirectory, readDirectoryFiles, syntheticNrwFiles } from '@ksb/directory';
import { routeEvent, POLICE_NOTIFICATION, URGENT_NOTICE } from './route-event';
import { at, child, parent, policeNotification, urgentNotice } from './test-events';

/**
 * Golden table: for every municipality of the five Kreise, the Jugendamt, KPB and Kriminalhauptstelle
 * (taken from the domain directory, reviewed). A directory change that moves a municipality must change
 * this table on purpose.
 */
const GOLDEN: [string, string, string, string, string][] = [
  ['05158004', 'Erkrath', 'ja-stadt-erkrath', 'kpb-mettmann', 'khs-pp-duesseldorf'],
  ['05158008', 'Haan', 'ja-stadt-haan', 'kpb-mettmann', 'khs-pp-duesseldorf'],
  ['05158012', 'Heiligenhaus', 'ja-stadt-heiligenhaus', 'kpb-mettmann', 'khs-pp-duesseldorf'],
  ['05158016', 'Hilden', 'ja-stadt-hilden', 'kpb-mettmann', 'khs-pp-duesseldorf'],
  ['05158020', 'Langenfeld (Rhld.)', 'ja-stadt-langenfeld-rhld', 'kpb-mettmann', 'khs-pp-duesseldorf'],
  ['05158024', 'Mettmann', 'ja-stadt-mettmann', 'kpb-mettmann', 'khs-pp-duesseldorf'],
  ['05158026', 'Monheim am Rhein', 'ja-stadt-monheim-am-rhein', 'kpb-mettmann', 'khs-pp-duesseldorf'],
  ['05158028', 'Ratingen', 'ja-stadt-ratingen', 'kpb-mettmann', 'khs-pp-duesseldorf'],
  ['05158032', 'Velbert', 'ja-stadt-velbert', 'kpb-mettmann', 'khs-pp-duesseldorf'],
  ['05158036', 'Wülfrath', 'ja-stadt-wuelfrath', 'kpb-mettmann', 'khs-pp-duesseldorf'],
  ['05162004', 'Dormagen', 'ja-stadt-dormagen', 'kpb-rhein-kreis-neuss', 'khs-pp-duesseldorf'],
  ['05162008', 'Grevenbroich', 'ja-stadt-grevenbroich', 'kpb-rhein-kreis-neuss', 'khs-pp-duesseldorf'],
  ['05162012', 'Jüchen, Stadt', 'kja-rhein-kreis-neuss', 'kpb-rhein-kreis-neuss', 'khs-pp-duesseldorf'],
  ['05162016', 'Kaarst', 'ja-stadt-kaarst', 'kpb-rhein-kreis-neuss', 'khs-pp-duesseldorf'],
  ['05162020', 'Korschenbroich', 'kja-rhein-kreis-neuss', 'kpb-rhein-kreis-neuss', 'khs-pp-duesseldorf'],
  ['05162022', 'Meerbusch', 'ja-stadt-meerbusch', 'kpb-rhein-kreis-neuss', 'khs-pp-duesseldorf'],
  ['05162024', 'Neuss', 'ja-stadt-neuss', 'kpb-rhein-kreis-neuss', 'khs-pp-duesseldorf'],
  ['05162028', 'Rommerskirchen', 'kja-rhein-kreis-neuss', 'kpb-rhein-kreis-neuss', 'khs-pp-duesseldorf'],
  ['05166004', 'Brüggen', 'kja-kreis-viersen', 'kpb-viersen', 'khs-pp-moenchengladbach'],
  ['05166008', 'Grefrath', 'kja-kreis-viersen', 'kpb-viersen', 'khs-pp-moenchengladbach'],
  ['05166012', 'Kempen', 'ja-stadt-kempen', 'kpb-viersen', 'khs-pp-moenchengladbach'],
  ['05166016', 'Nettetal', 'ja-stadt-nettetal', 'kpb-viersen', 'khs-pp-moenchengladbach'],
  ['05166020', 'Niederkrüchten', 'kja-kreis-viersen', 'kpb-viersen', 'khs-pp-moenchengladbach'],
  ['05166024', 'Schwalmtal', 'kja-kreis-viersen', 'kpb-viersen', 'khs-pp-moenchengladbach'],
  ['05166028', 'Tönisvorst', 'kja-kreis-viersen', 'kpb-viersen', 'khs-pp-moenchengladbach'],
  ['05166032', 'Viersen', 'ja-stadt-viersen', 'kpb-viersen', 'khs-pp-moenchengladbach'],
  ['05166036', 'Willich', 'ja-stadt-willich', 'kpb-viersen', 'khs-pp-moenchengladbach'],
  ['05566004', 'Altenberge', 'kja-kreis-steinfurt', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566008', 'Emsdetten', 'ja-stadt-emsdetten', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566012', 'Greven', 'ja-stadt-greven', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566016', 'Hörstel', 'kja-kreis-steinfurt', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566020', 'Hopsten', 'kja-kreis-steinfurt', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566024', 'Horstmar', 'kja-kreis-steinfurt', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566028', 'Ibbenbüren', 'ja-stadt-ibbenbueren', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566032', 'Ladbergen', 'kja-kreis-steinfurt', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566036', 'Laer', 'kja-kreis-steinfurt', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566040', 'Lengerich', 'kja-kreis-steinfurt', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566044', 'Lienen', 'kja-kreis-steinfurt', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566048', 'Lotte', 'kja-kreis-steinfurt', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566052', 'Metelen', 'kja-kreis-steinfurt', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566056', 'Mettingen', 'kja-kreis-steinfurt', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566060', 'Neuenkirchen', 'kja-kreis-steinfurt', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566064', 'Nordwalde', 'kja-kreis-steinfurt', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566068', 'Ochtrup', 'kja-kreis-steinfurt', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566072', 'Recke', 'kja-kreis-steinfurt', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566076', 'Rheine', 'ja-stadt-rheine', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566080', 'Saerbeck', 'kja-kreis-steinfurt', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566084', 'Steinfurt', 'kja-kreis-steinfurt', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566088', 'Tecklenburg', 'kja-kreis-steinfurt', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566092', 'Westerkappeln', 'kja-kreis-steinfurt', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05566096', 'Wettringen', 'kja-kreis-steinfurt', 'kpb-steinfurt', 'khs-pp-muenster'],
  ['05974004', 'Anröchte', 'kja-kreis-soest', 'kpb-soest', 'khs-pp-dortmund'],
  ['05974008', 'Bad Sassendorf', 'kja-kreis-soest', 'kpb-soest', 'khs-pp-dortmund'],
  ['05974012', 'Ense', 'kja-kreis-soest', 'kpb-soest', 'khs-pp-dortmund'],
  ['05974016', 'Erwitte', 'kja-kreis-soest', 'kpb-soest', 'khs-pp-dortmund'],
  ['05974020', 'Geseke', 'kja-kreis-soest', 'kpb-soest', 'khs-pp-dortmund'],
  ['05974024', 'Lippetal', 'kja-kreis-soest', 'kpb-soest', 'khs-pp-dortmund'],
  ['05974028', 'Lippstadt', 'ja-stadt-lippstadt', 'kpb-soest', 'khs-pp-dortmund'],
  ['05974032', 'Möhnesee', 'kja-kreis-soest', 'kpb-soest', 'khs-pp-dortmund'],
  ['05974036', 'Rüthen', 'kja-kreis-soest', 'kpb-soest', 'khs-pp-dortmund'],
  ['05974040', 'Soest', 'ja-stadt-soest', 'kpb-soest', 'khs-pp-dortmund'],
  ['05974044', 'Warstein', 'ja-stadt-warstein', 'kpb-soest', 'khs-pp-dortmund'],
  ['05974048', 'Welver', 'kja-kreis-soest', 'kpb-soest', 'khs-pp-dortmund'],
  ['05974052', 'Werl', 'kja-kreis-soest', 'kpb-soest', 'khs-pp-dortmund'],
  ['05974056', 'Wickede (Ruhr)', 'kja-kreis-soest', 'kpb-soest', 'khs-pp-dortmund'],
];

const directory = loadDirectory();
const now = new Date('2026-11-21T05:00:00.000Z');

describe('every municipality routes to its offices', () => {
  it('covers all municipalities of the directory', () => {
    expect(GOLDEN.map((g) => g[0]).sort()).toEqual(directory.municipalities.map((m) => m.ags).sort());
  });

  it.each(GOLDEN)('%s %s → %s', (ags, _name, jugendamt) => {
    const event = policeNotification({
      incident: { occurredAt: '2026-11-20T22:40:00.000Z', place: at(ags) },
      children: [child({ currentWhereabouts: at(ags), lastLivedWith: ['p1'] })],
      custodyHolders: [parent('p1', at(ags))],
    });
    const outcome = routeEvent(POLICE_NOTIFICATION, event, directory, now);
    expect(outcome).toMatchObject({
      kind: 'routed',
      decision: { recipients: [{ officeId: jugendamt, role: 'CASE_OWNER', provisional: false }] },
    });
  });

  it.each(GOLDEN)(
    '%s %s: urgent notice with suspected sexual offence → %s, %s, %s',
    (ags, _name, _ja, kpb, kriminalhauptstelle) => {
      const event = urgentNotice({ urgency: 'NORMAL', suspectedSexualOffence: true });
      event.danger.place = at(ags);
      const outcome = routeEvent(URGENT_NOTICE, event, directory, now);
      expect(outcome).toMatchObject({
        kind: 'routed',
        decision: {
          recipients: [
            { officeId: kriminalhauptstelle, role: 'CASE_OWNER', rule: 'J8-kriminalhauptstelle' },
            { officeId: kpb, role: 'COPY', rule: 'J7-kpb' },
          ],
        },
      });
    },
  );
});

describe('all of NRW routes without code change (synthetic office assignment, issue 14)', () => {
  const nrw = parseDirectory(syntheticNrwFiles(readDirectoryFiles()));

  it('routes a notification from each of the 396 municipalities to its Jugendamt, and an urgent notice to its KPB', () => {
    const misrouted = nrw.municipalities.filter((m) => {
      const notification = policeNotification({
        incident: { occurredAt: '2026-11-20T22:40:00.000Z', place: at(m.ags) },
        children: [child({ currentWhereabouts: at(m.ags), lastLivedWith: ['p1'] })],
        custodyHolders: [parent('p1', at(m.ags))],
      });
      const notice = urgentNotice({ urgency: 'NORMAL', suspectedSexualOffence: false });
      notice.danger.place = at(m.ags);
      const toJugendamt = routeEvent(POLICE_NOTIFICATION, notification, nrw, now);
      const toPolice = routeEvent(URGENT_NOTICE, notice, nrw, now);
      return !(
        toJugendamt.kind === 'routed' &&
        toJugendamt.decision.recipients.map((r) => r.officeId).join() === m.jugendamtId &&
        toPolice.kind === 'routed' &&
        toPolice.decision.recipients.map((r) => r.officeId).join() === m.kpbId
      );
    });
    expect(nrw.municipalities).toHaveLength(396);
    expect(misrouted.map((m) => m.ags)).toEqual([]);
  });
});
