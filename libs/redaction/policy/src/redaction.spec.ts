import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSchemaFile, SCHEMA_DIR } from '@ksb/contracts';
import { deriveView } from './derive-view';
import { loadPolicy } from './load-policy';
import { basisOfEvent, findEntry, type PolicyEntry } from './policy';
import { projectEvent } from './project-event';

const policy = loadPolicy();
const POLICE = 'de.kinderschutz.bridge.police.ChildWelfareNotification';
const JUGENDAMT = 'de.kinderschutz.bridge.jugendamt.UrgentNotice';
const example = (file: string) => JSON.parse(readFileSync(join(SCHEMA_DIR, 'examples', file), 'utf8'));
const toJugendamt = findEntry(
  policy,
  'POLICE',
  'JUGENDAMT',
  'police-notification',
  'POLICE_UNSOLICITED_NOTIFICATION',
) as PolicyEntry;
const toPoliceUnder = (basis: string) =>
  findEntry(policy, 'JUGENDAMT', 'POLICE', 'jugendamt-urgent-notice', basis) as PolicyEntry;
const toPolice = toPoliceUnder('SGB8_8A3_SGB10_69_ASSISTANCE_REQUEST');
const fieldNames = (schema: Record<string, unknown>) => (schema['fields'] as { name: string }[]).map((f) => f.name);

describe('view schemas: forbidden fields are not in the structure', () => {
  it('police → Jugendamt: no investigation content, sources, companions, covert data or third parties', () => {
    const view = deriveView(readSchemaFile(POLICE), toJugendamt, policy.version);
    expect(view['name']).toBe('de.kinderschutz.bridge.views.ChildWelfareNotificationForJugendamt');
    expect(fieldNames(view)).not.toEqual(expect.arrayContaining(['investigationContent']));
    for (const never of [
      'investigationContent',
      'confidentialSources',
      'contactAndCompanionPersons',
      'covertMeasureData',
      'unrelatedThirdParties',
    ]) {
      expect(fieldNames(view)).not.toContain(never);
    }
    expect(fieldNames(view)).toEqual(
      expect.arrayContaining(['children', 'custodyHolders', 'measures', 'offenceSummary', 'healthData']),
    );
  });

  it('Jugendamt → police § 68 request: no reporters, health data or danger; classes under approval become optional', () => {
    const view = deriveView(
      readSchemaFile(JUGENDAMT),
      toPoliceUnder('SGB10_68_IDENTITY_AND_WHEREABOUTS'),
      policy.version,
    );
    expect(view['name']).toBe('de.kinderschutz.bridge.views.UrgentNoticeForPoliceIdentityRequest');
    expect(fieldNames(view)).not.toContain('reporters');
    expect(fieldNames(view)).not.toContain('healthData');
    expect(fieldNames(view)).not.toContain('danger');
    const child = (view['fields'] as { name: string; type: unknown; default?: unknown }[]).find(
      (f) => f.name === 'child',
    ) as { type: unknown; default?: unknown };
    expect(Array.isArray(child.type) && child.type[0]).toBe('null');
    expect(child.default).toBeNull();
  });
});

describe('projection: what crosses, what is removed, what is withheld', () => {
  it('police → Jugendamt keeps allowed data, removes never-classes and withholds unstated conditions', () => {
    const event = example('police-notification.hilden.json');
    const { value, removedPaths, withheldPaths } = projectEvent(readSchemaFile(POLICE), event, toJugendamt);
    expect(removedPaths).toEqual(['investigationContent', 'confidentialSources', 'unrelatedThirdParties']);
    expect(withheldPaths).toEqual(['priorPoliceKnowledge']);
    expect(value['offenceSummary']).toBe(event.offenceSummary);
    expect(value['priorPoliceKnowledge']).toBeNull();
    expect(value['children']).toEqual(event.children);
    expect(JSON.stringify(value)).not.toMatch(/Nachbar|Passant|Statement of the mother/);
  });

  it('Jugendamt → police assistance request: child and danger cross, case material and entrusted content do not', () => {
    const event = example('jugendamt-urgent-notice.viersen.json');
    const { value, removedPaths, withheldPaths } = projectEvent(readSchemaFile(JUGENDAMT), event, toPolice);
    expect(value['child']).toEqual(event.child);
    expect(value['danger']).toEqual(event.danger);
    expect(removedPaths).toEqual(['caseMaterial', 'helpPlan', 'entrustedContent', 'reporters', 'healthData']);
    expect(withheldPaths).toEqual([]);
  });

  it('a § 68 SGB X request without a named approver does not carry the child', () => {
    const event = {
      ...example('jugendamt-urgent-notice.viersen.json'),
      legalBasis: 'SGB10_68_IDENTITY_AND_WHEREABOUTS',
      approver: null,
    };
    const { value, withheldPaths } = projectEvent(readSchemaFile(JUGENDAMT), event, toPoliceUnder(event.legalBasis));
    expect(value['child']).toBeNull();
    expect(value['danger']).toBeUndefined();
    expect(withheldPaths).toEqual(['child', 'custodyHolders']);
  });
});

describe('what crosses depends on the legal basis, not only on the direction (issue 14)', () => {
  const approver = { name: 'Amtsleitung', function: 'Leitung Jugendamt', decidedAt: '2026-11-21T03:11:00.000Z' };
  const under = (legalBasis: string, extra: Record<string, unknown> = {}) => {
    const event = { ...example('jugendamt-urgent-notice.viersen.json'), legalBasis, approver, ...extra };
    return { event, ...projectEvent(readSchemaFile(JUGENDAMT), event, toPoliceUnder(legalBasis)) };
  };
  const crossing = (value: Record<string, unknown>) =>
    Object.keys(value).filter((k) => value[k] !== null && !(Array.isArray(value[k]) && value[k].length === 0));

  it('§ 68 SGB X: identity and whereabouts of child and custody holders, nothing else', () => {
    const { event, value, removedPaths } = under('SGB10_68_IDENTITY_AND_WHEREABOUTS');
    const child = value['child'] as Record<string, unknown>;
    expect(Object.keys(child).sort()).toEqual(['childRef', 'currentWhereabouts', 'habitualResidence', 'person']);
    expect(child['person']).toEqual(event.child.person);
    const holder = (value['custodyHolders'] as Record<string, unknown>[])[0];
    expect(Object.keys(holder).sort()).toEqual(['holderRef', 'person', 'residence']);
    expect(JSON.stringify(value)).not.toMatch(/"custody"|"relation"|"fosterPlacement"|"lastLivedWith"/);
    expect(crossing(value).sort()).toEqual(
      [
        'approver',
        'child',
        'custodyHolders',
        'envelope',
        'jugendamtCaseReference',
        'jugendamtContact',
        'legalBasis',
        'urgency',
      ].sort(),
    );
    expect(removedPaths).toEqual(
      expect.arrayContaining(['danger', 'officerSafety', 'caseMaterial', 'entrustedContent', 'reporters']),
    );
  });

  it('§ 71 SGB X: the dangerous person, not the child or the danger description', () => {
    const { value } = under('SGB10_71_PLANNED_SERIOUS_CRIME');
    expect(crossing(value)).toContain('officerSafety');
    expect(crossing(value)).not.toEqual(expect.arrayContaining(['child']));
    expect(value['child']).toBeUndefined();
    expect(value['danger']).toBeUndefined();
  });

  it('§ 73 SGB X: case material only with the court order reference, never the child or entrusted content', () => {
    expect(under('SGB10_73_COURT_ORDER').value['caseMaterial']).toBeNull();
    const { event, value } = under('SGB10_73_COURT_ORDER', { courtOrderReference: 'AG Viersen 12 F 34/26' });
    expect(value['caseMaterial']).toBe(event.caseMaterial);
    expect(value['child']).toBeUndefined();
    expect(value['entrustedContent']).toBeUndefined();
  });

  it('§ 65 SGB VIII: entrusted content with consent and approver, nothing of the case material', () => {
    const { event, value } = under('SGB8_65_CONFIDER_CONSENT');
    expect(value['entrustedContent']).toBe(event.entrustedContent);
    expect(value['caseMaterial']).toBeUndefined();
    expect(value['officerSafety']).toBeUndefined();
  });

  it('has no entry for a basis the policy does not know, so the redactor dead-letters it', () => {
    expect(findEntry(policy, 'JUGENDAMT', 'POLICE', 'jugendamt-urgent-notice', 'SGB10_69_OTHER')).toBeUndefined();
    expect(basisOfEvent(policy, 'jugendamt-urgent-notice', { legalBasis: 'SGB10_68_IDENTITY_AND_WHEREABOUTS' })).toBe(
      'SGB10_68_IDENTITY_AND_WHEREABOUTS',
    );
    expect(basisOfEvent(policy, 'jugendamt-urgent-notice', { legalBasis: null })).toBeUndefined();
    expect(basisOfEvent(policy, 'police-notification', {})).toBe('POLICE_UNSOLICITED_NOTIFICATION');
  });
});
