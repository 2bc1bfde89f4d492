import { listRecordSchemas, readSchemaFile } from '@ksb/contracts';
import { FIELD_LABELS_DE } from './field-labels';

/** Every field name in a recipient's view, at any depth. */
const fieldNames = (type: unknown, into = new Set<string>()): Set<string> => {
  if (Array.isArray(type)) type.forEach((t) => fieldNames(t, into));
  else if (type && typeof type === 'object') {
    const t = type as { type?: string; fields?: { name: string; type: unknown }[]; items?: unknown };
    if (t.type === 'array') fieldNames(t.items, into);
    for (const f of t.fields ?? []) {
      into.add(f.name);
      fieldNames(f.type, into);
    }
  }
  return into;
};

describe('German field labels of the inbox', () => {
  it('label every field of every recipient view, so a caseworker never reads a code name', () => {
    const views = listRecordSchemas().filter((r) => r.includes('.views.'));
    expect(views.length).toBeGreaterThan(0);
    const unlabelled = views.flatMap((v) => [...fieldNames(readSchemaFile(v))].filter((n) => !FIELD_LABELS_DE[n]));
    expect(unlabelled).toEqual([]);
  });
});
