import { valueAtPath } from './field-path';

describe('valueAtPath', () => {
  const event = { envelope: { senderOfficeId: 'kpb-mettmann' }, child: null, flags: [true] };

  it.each([
    ['envelope.senderOfficeId', 'kpb-mettmann'],
    ['envelope', { senderOfficeId: 'kpb-mettmann' }],
    ['child.address', undefined],
    ['envelope.missing.deeper', undefined],
    ['flags.0', true],
  ])('%s → %p', (path, expected) => expect(valueAtPath(event, path)).toEqual(expected));
});
