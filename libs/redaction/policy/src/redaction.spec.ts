import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSchemaFile, SCHEMA_DIR } from '@ksb/contracts';
import { deriveView } from './derive-view';
import { loadPolicy } from './load-policy';
import { findEntry, type PolicyEntry } from './policy';
import { projectEvent } from './project-event';

const policy = loadPolicy();
const POLICE = 'de.kinderschutz.bridge.police.ChildWelfareNotification';
const JUGENDAMT = 'de.kinderschutz.bridge.jugendamt.UrgentNotice';
const example = (file: string) => JSON.parse(readFileSync(join(SCHEMA_DIR, 'examples', file), 'utf8'));
const toJugendamt = findEntry(policy, 'POLICE', 'JUGENDAMT', 'police-notification') as PolicyEntry;
const toPolice = findEntry(policy, 'JUGENDAMT', 'POLICE', 'jugendamt-urgent-notice') as PolicyEntry;
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

  it('Jugendamt → police: no reporters or health data; conditional classes become optional', () => {
    const view = deriveView(readSchemaFile(JUGENDAMT), toPolice, policy.version);
    expect(fieldNames(view)).not.toContain('reporters');
    expect(fieldNames(view)).not.toContain('healthData');
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
    expect(removedPaths).toEqual(['reporters', 'healthData']);
    expect(withheldPaths).toEqual(['caseMaterial', 'helpPlan', 'entrustedContent']);
  });

  it('a § 68 SGB X request without a named approver does not carry the child', () => {
    const event = {
      ...example('jugendamt-urgent-notice.viersen.json'),
      legalBasis: 'SGB10_68_IDENTITY_AND_WHEREABOUTS',
      approver: null,
    };
    const { value, withheldPaths } = projectEvent(readSchemaFile(JUGENDAMT), event, toPolice);
    expect(value['child']).toBeNull();
    expect(value['danger']).toBeNull();
    expect(withheldPaths).toEqual(expect.arrayContaining(['child', 'danger', 'custodyHolders', 'officerSafety']));
  });

  it('the same request with the head of office named carries identity and whereabouts', () => {
    const approver = { name: 'Amtsleitung', function: 'Leitung Jugendamt', decidedAt: '2026-11-21T03:11:00.000Z' };
    const event = {
      ...example('jugendamt-urgent-notice.viersen.json'),
      legalBasis: 'SGB10_68_IDENTITY_AND_WHEREABOUTS',
      approver,
    };
    const { value } = projectEvent(readSchemaFile(JUGENDAMT), event, toPolice);
    expect(value['child']).toEqual(event.child);
    expect(value['danger']).toBeNull();
  });
});
