import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_DIR } from '@ksb/contracts';
import { loadDirectory, parseDirectory, readDirectoryFiles } from '@ksb/directory';
import { loadPartnerRoutes, type PartnerRoutes } from './partner-routes';
import { describeRule, POLICE_NOTIFICATION, routeEvent } from './route-event';
import { at, child, parent, policeNotification } from './test-events';

const COURT_REFERRAL = 'de.kinderschutz.bridge.jugendamt.CourtReferral';
const directory = loadDirectory();
const now = new Date('2026-12-05T05:00:00.000Z');
const referral = (residence: string | null) => {
  const event = JSON.parse(readFileSync(join(SCHEMA_DIR, 'examples', 'court-referral.viersen.json'), 'utf8'));
  event.child.habitualResidence = residence === null ? null : at(residence);
  return event;
};

describe('network partners as data: the family court (§ 8a Abs. 2 SGB VIII, § 152 FamFG)', () => {
  it('sends a court referral to the family court of the child’s habitual residence, and to nobody else', () => {
    const outcome = routeEvent(COURT_REFERRAL, referral('05166032'), directory, now);
    expect(outcome).toMatchObject({
      kind: 'routed',
      decision: {
        recipients: [
          {
            officeId: 'ag-viersen-familiengericht',
            role: 'CASE_OWNER',
            rule: 'N1-family-court',
            legalBasis: '§ 8a Abs. 2 SGB VIII; § 1666 BGB; § 152 Abs. 2 FamFG',
          },
        ],
      },
    });
    expect(describeRule('N1-family-court')?.text).toMatch(/family court of the child's habitual residence/);
  });

  it('falls back to the child’s whereabouts when its habitual residence is not known', () => {
    const event = referral(null);
    event.child.currentWhereabouts = at('05166032');
    const outcome = routeEvent(COURT_REFERRAL, event, directory, now);
    expect(outcome.kind === 'routed' && outcome.decision.recipients[0].explanation).toMatch(
      /child\.currentWhereabouts\.municipalityKey 05166032 .* → ag-viersen-familiengericht/,
    );
  });

  it.each([
    [
      'a municipality without a family court in the directory',
      '05158016',
      'UNKNOWN_RECIPIENT_OFFICE',
      /names no FAMILY_COURT office for AGS 05158016/,
    ],
    ['a place outside the network', '05913000', 'UNKNOWN_RECIPIENT_OFFICE', /outside the participating municipalities/],
    ['a key that names no municipality', '05166099', 'UNKNOWN_MUNICIPALITY', /05166099 is no municipality/],
  ])('dead-letters a referral for %s instead of guessing a court', (_, ags, code, reason) => {
    expect(routeEvent(COURT_REFERRAL, referral(ags), directory, now)).toMatchObject({
      kind: 'rejected',
      code,
      explanation: expect.stringMatching(reason),
    });
  });

  it('admits another role through data alone: a school authority gets a copy of police notifications', () => {
    const files = readDirectoryFiles();
    const roles = JSON.parse(files.roles);
    roles.roles.push({
      role: 'SCHOOL_AUTHORITY',
      label: 'Schulamt',
      officeTypes: ['SCHOOL_AUTHORITY'],
      source: '§ 4 KKG',
    });
    const withSchool = parseDirectory({
      ...files,
      roles: JSON.stringify(roles),
      offices: `${files.offices}schulamt-mettmann,Schulamt Kreis Mettmann,SCHOOL_AUTHORITY,SCHOOL_AUTHORITY,Kreis Mettmann,2021-01-01,,false,test\n`,
      responsibilities: `${files.responsibilities}05158016,SCHOOL_AUTHORITY,schulamt-mettmann,2021-01-01,,test\n`,
    });
    const routes: PartnerRoutes = {
      version: 'test',
      routes: [
        ...loadPartnerRoutes().routes,
        {
          id: 'N2-school-copy',
          eventType: 'police-notification',
          when: { field: 'triggerCategory', equals: 'DOMESTIC_VIOLENCE_CHILD_IN_HOUSEHOLD' },
          recipientRole: 'SCHOOL_AUTHORITY',
          places: ['children.0.habitualResidence'],
          as: 'COPY',
          exclusive: false,
          legalBasis: 'test basis',
          text: 'test route',
        },
      ],
    };
    const event = policeNotification({
      triggerCategory: 'DOMESTIC_VIOLENCE_CHILD_IN_HOUSEHOLD',
      children: [child({ habitualResidence: at('05158016'), currentWhereabouts: at('05158016') })],
      custodyHolders: [parent('p1', at('05158016'))],
    });
    const outcome = routeEvent(POLICE_NOTIFICATION, event, withSchool, now, routes);
    expect(outcome.kind === 'routed' && outcome.decision.recipients.map((r) => [r.officeId, r.role])).toEqual([
      ['ja-stadt-hilden', 'CASE_OWNER'],
      ['schulamt-mettmann', 'COPY'],
    ]);
  });
});
