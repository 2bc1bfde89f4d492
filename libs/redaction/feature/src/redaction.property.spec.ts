import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { findEventType, readSchemaFile, SCHEMA_DIR, type EventType } from '@ksb/contracts';
import {
  decideField,
  directionOf,
  expandNamedTypes,
  generateViews,
  limitOf,
  loadLegalCeiling,
  loadPolicy,
  onlyBelow,
  projectEvent,
  type PolicyEntry,
} from '@ksb/redaction';
import { compileAvro } from '@ksb/wire';
import { arbitraryFor, markerFor } from './arbitrary-event';

const policy = loadPolicy();
const ceiling = loadLegalCeiling();
const views = generateViews(policy);

/** The law's maximum for the entry's direction and basis, as an entry: what must never cross, independent of the policy. */
const ceilingAsEntry = (entry: PolicyEntry): PolicyEntry => ({
  ...entry,
  classes: Object.fromEntries(
    Object.entries(ceiling[directionOf(entry.sender, entry.recipient)]?.[entry.basis]?.classes ?? {}).map(([c, l]) => {
      const { max, only } = limitOf(l);
      return [c, { decision: max, ...(only ? { only } : {}) }];
    }),
  ),
});

type Json = Record<string, unknown>;

/** Every field path of a record schema with the decision the policy takes for it. */
const decisions = (schema: Json, entry: PolicyEntry) => {
  const out: { path: string; decision: string }[] = [];
  const walk = (node: unknown, path: string, inherited?: string, only?: readonly string[], never = false): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, path, inherited, only, never));
    if (typeof node !== 'object' || node === null) return;
    const n = node as Json;
    if (n['type'] === 'record') {
      for (const field of n['fields'] as Json[]) {
        const fieldPath = path ? `${path}.${field['name']}` : (field['name'] as string);
        const decided = decideField(field, inherited, entry, only);
        // Below a field that never crosses, nothing crosses, whatever its own class says.
        const fieldNever = never || decided.decision.decision === 'NEVER';
        out.push({ path: fieldPath, decision: fieldNever ? 'NEVER' : decided.decision.decision });
        walk(field['type'], fieldPath, decided.fieldClass, onlyBelow(field, decided), fieldNever);
      }
    } else if (n['type'] === 'array') walk(n['items'], path, inherited, only, never);
    else if (n['type'] === 'map') walk(n['values'], path, inherited, only, never);
  };
  walk(expandNamedTypes(schema), '');
  return out;
};

describe.each(
  policy.entries.map(
    (entry, i) =>
      [`${entry.sender} → ${entry.recipient} ${entry.eventType} under ${entry.basis}`, entry, views[i]] as const,
  ),
)('redaction property: %s', (_, entry, view) => {
  const source = readSchemaFile((findEventType(entry.eventType) as EventType).record);
  const viewType = compileAvro(JSON.parse(readFileSync(join(SCHEMA_DIR, view.file), 'utf8')));
  const fieldDecisions = decisions(source, entry);
  const forbidden = fieldDecisions.filter((d) => d.decision === 'NEVER');
  const beyondTheLaw = decisions(source, ceilingAsEntry(entry)).filter((d) => d.decision === 'NEVER');
  const events = arbitraryFor(expandNamedTypes(source)) as fc.Arbitrary<Json>;

  it('never lets a value of a forbidden or withheld field into the delivered bytes', () => {
    fc.assert(
      fc.property(events, (event) => {
        const { value, withheldPaths } = projectEvent(source, event, entry);
        const bytes = viewType.toBuffer(value).toString('latin1');
        for (const { path } of forbidden) expect(bytes).not.toContain(markerFor(path));
        for (const path of withheldPaths) expect(bytes).not.toContain(markerFor(path));
      }),
      { numRuns: 60 },
    );
  });

  it(`never lets a field beyond the legal ceiling of ${entry.basis} into the delivered bytes`, () => {
    expect(beyondTheLaw.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(events, (event) => {
        const bytes = viewType.toBuffer(projectEvent(source, event, entry).value).toString('latin1');
        for (const { path } of beyondTheLaw) expect(bytes).not.toContain(markerFor(path));
      }),
      { numRuns: 60 },
    );
  });

  it('delivers every allowed top-level field intact', () => {
    const allowed = fieldDecisions.filter((d) => d.decision === 'ALLOW' && !d.path.includes('.')).map((d) => d.path);
    fc.assert(
      fc.property(events, (event) => {
        const decoded = viewType.fromBuffer(viewType.toBuffer(projectEvent(source, event, entry).value)) as Json;
        for (const path of allowed) expect(decoded[path]).toEqual(event[path]);
      }),
      { numRuns: 60 },
    );
  });
});
