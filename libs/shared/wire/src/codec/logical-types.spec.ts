import { compileAvro } from './logical-types';

const type = compileAvro({
  type: 'record',
  name: 'T',
  fields: [
    { name: 'born', type: { type: 'int', logicalType: 'date' } },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
});

describe('ISO logical types', () => {
  it('round-trips ISO strings through the Avro int/long encoding', () => {
    const value = { born: '2015-03-01', at: '2026-11-21T05:00:00.000Z' };
    expect(type.fromBuffer(type.toBuffer(value))).toEqual(value);
  });

  it('accepts an instant with an offset and normalises it to UTC', () => {
    expect(type.fromBuffer(type.toBuffer({ born: '2015-03-01', at: '2026-11-21T06:00:00+01:00' }))).toEqual({
      born: '2015-03-01',
      at: '2026-11-21T05:00:00.000Z',
    });
  });

  it.each([
    ['an impossible date', { born: '2015-02-30', at: '2026-11-21T05:00:00Z' }, ['born']],
    ['a date in another format', { born: '01.03.2015', at: '2026-11-21T05:00:00Z' }, ['born']],
    ['an instant without zone', { born: '2015-03-01', at: '2026-11-21T05:00:00' }, ['at']],
    ['epoch millis instead of ISO', { born: '2015-03-01', at: 1_700_000_000_000 }, ['at']],
  ])('rejects %s, naming the field', (_, value, paths) => {
    const failing: string[] = [];
    expect(type.isValid(value, { errorHook: (path) => failing.push(path.join('.')) })).toBe(false);
    expect(failing).toEqual(paths);
  });

  it('resolves data written with the same logical types', () => {
    const writer = compileAvro(type.schema({ exportAttrs: true }));
    const bytes = writer.toBuffer({ born: '2015-03-01', at: '2026-11-21T05:00:00.000Z' });
    expect(type.fromBuffer(bytes, type.createResolver(writer))).toEqual({
      born: '2015-03-01',
      at: '2026-11-21T05:00:00.000Z',
    });
  });
});
