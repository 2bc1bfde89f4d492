import { assembleSchema } from './schema-assembly';

const files: Record<string, Record<string, unknown>> = {
  'de.kinderschutz.bridge.common.Address': {
    type: 'record',
    name: 'Address',
    namespace: 'de.kinderschutz.bridge.common',
    fields: [{ name: 'ags', type: 'string' }],
  },
  'de.kinderschutz.bridge.police.Note': {
    type: 'record',
    name: 'Note',
    namespace: 'de.kinderschutz.bridge.police',
    fields: [
      { name: 'home', type: 'de.kinderschutz.bridge.common.Address' },
      { name: 'work', type: ['null', 'de.kinderschutz.bridge.common.Address'] },
    ],
  },
};
const read = (name: string) => {
  const file = files[name];
  if (!file) throw new Error(`no file ${name}`);
  return file;
};

describe('assembleSchema', () => {
  it('inlines a shared record at its first use and refers to it by name afterwards', () => {
    const schema = assembleSchema('de.kinderschutz.bridge.police.Note', read);
    const [home, work] = schema['fields'] as { type: unknown }[];
    expect(home.type).toEqual(files['de.kinderschutz.bridge.common.Address']);
    expect(work.type).toEqual(['null', 'de.kinderschutz.bridge.common.Address']);
  });

  it('refuses a type outside our namespace instead of guessing', () => {
    const bad = {
      type: 'record',
      name: 'X',
      namespace: 'de.kinderschutz.bridge.ops',
      fields: [{ name: 'a', type: 'org.example.Thing' }],
    };
    expect(() => assembleSchema('x', () => bad)).toThrow(/unknown type org.example.Thing/);
  });
});
