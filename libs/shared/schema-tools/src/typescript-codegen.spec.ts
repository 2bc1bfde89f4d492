import { generateTypeScript } from './typescript-codegen';

describe('generateTypeScript', () => {
  const address = {
    type: 'record',
    name: 'Address',
    namespace: 'de.kinderschutz.bridge.common',
    fields: [{ name: 'ags', type: ['null', 'string'] }],
  };
  const note = {
    type: 'record',
    name: 'Note',
    namespace: 'de.kinderschutz.bridge.police',
    doc: 'A note.',
    fields: [
      { name: 'home', type: address },
      { name: 'others', type: { type: 'array', items: 'de.kinderschutz.bridge.common.Address' } },
      { name: 'born', type: ['null', { type: 'int', logicalType: 'date' }] },
      { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['A', 'B'] } },
      { name: 'extra', type: { type: 'map', values: 'long' } },
    ],
  };

  it('declares each named type once and maps Avro types to what the codec returns', () => {
    const ts = generateTypeScript([note]);
    expect(ts).toContain('export interface Address {\n  ags: null | string;\n}');
    expect(ts).toContain(
      '/** A note. */\nexport interface Note {\n  home: Address;\n  others: Array<Address>;\n  born: null | string;\n  kind: Kind;\n  extra: Record<string, number>;\n}',
    );
    expect(ts).toContain("export type Kind = 'A' | 'B';");
    expect(ts.match(/export interface Address/g)).toHaveLength(1);
    expect(ts).toContain("  'de.kinderschutz.bridge.police.Note': Note;");
  });

  it('refuses two types with the same simple name', () => {
    const other = { ...address, namespace: 'de.kinderschutz.bridge.other' };
    expect(() => generateTypeScript([note, { ...note, name: 'Note2', fields: [{ name: 'a', type: other }] }])).toThrow(
      /two types are called Address/,
    );
  });
});
