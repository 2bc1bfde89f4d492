import { frame, unframe } from './confluent-framing';
import { UnframedValueError } from '../wire.errors';

describe('Confluent framing', () => {
  it('writes magic byte 0 and the schema id big-endian before the body', () => {
    expect(frame(258, Buffer.from([0xaa, 0xbb]))).toEqual(Buffer.from([0, 0, 0, 1, 2, 0xaa, 0xbb]));
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
