import { compileAvro } from '../codec/logical-types';
import { encodeFramed, frame, unframe } from './confluent-framing';
import { UnframedValueError } from '../wire.errors';

describe('Confluent framing', () => {
  it('writes magic byte 0 and the schema id big-endian before the body', () => {
    expect(frame(258, Buffer.from([0xaa, 0xbb]))).toEqual(Buffer.from([0, 0, 0, 1, 2, 0xaa, 0xbb]));
  });

  describe('encodeFramed', () => {
    const type = compileAvro({ type: 'record', name: 'Note', fields: [{ name: 'text', type: 'string' }] });

    it.each([
      ['small', 10],
      ['larger than avsc own buffer', 5_000],
      ['larger than the scratch buffer, which then grows', 200_000],
    ])('writes a %s value as frame(id, toBuffer(value)) does', (_, length) => {
      const value = { text: 'ä'.repeat(length) };
      expect(encodeFramed(7, type, value)).toEqual(frame(7, type.toBuffer(value)));
    });

    it('hands out a copy: a later encode leaves an earlier result as it was', () => {
      const first = encodeFramed(1, type, { text: 'first' });
      encodeFramed(2, type, { text: 'second, longer' });
      expect(type.fromBuffer(unframe(first).body)).toEqual({ text: 'first' });
      expect(unframe(first).schemaId).toBe(1);
    });

    it('refuses a value the type cannot write, as toBuffer does', () => {
      expect(() => encodeFramed(1, type, { text: 42 })).toThrow();
    });
  });

  it('reads back what it wrote', () => {
    const { schemaId, body } = unframe(frame(70000, Buffer.from('avro')));
    expect(schemaId).toBe(70000);
    expect(body.toString()).toBe('avro');
  });

  it.each([
    ['null', null],
    ['too short', Buffer.from([0, 0, 1])],
    ['JSON text', Buffer.from('{"a":1}')],
  ])('rejects a %s value with UNFRAMED_VALUE', (_, value) => {
    expect(() => unframe(value)).toThrow(UnframedValueError);
  });
});
