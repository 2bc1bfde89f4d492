import { compileAvro } from '@ksb/wire';
import { checkCompatibility } from './compatibility';

const v1 = {
  type: 'record',
  name: 'Note',
  namespace: 'de.kinderschutz.bridge.test',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'remark', type: ['null', 'string'], default: null },
    { name: 'urgency', type: { type: 'enum', name: 'Urgency', symbols: ['DANGER_NOW', 'NORMAL'], default: 'NORMAL' } },
  ],
};
const withFields = (fields: unknown[]) => ({ ...v1, fields });
const [id, remark, urgency] = v1.fields;

// One row per kind of change: whether BACKWARD_TRANSITIVE and FULL_TRANSITIVE accept it, and the candidate.
const evolutions: [string, boolean, boolean, unknown][] = [
  [
    'a new optional field (with default)',
    true,
    true,
    withFields([...v1.fields, { name: 'region', type: 'string', default: 'NRW' }]),
  ],
  ['a removed optional field', true, true, withFields([id, urgency])],
  [
    'a required field renamed with an alias',
    true,
    false,
    withFields([{ name: 'eventId', type: 'string', aliases: ['id'] }, remark, urgency]),
  ],
  [
    'a required field renamed without an alias',
    false,
    false,
    withFields([{ name: 'eventId', type: 'string' }, remark, urgency]),
  ],
  // Avro-compatible both ways, but old readers see the default: renaming an optional field loses its value for them.
  [
    'an optional field renamed with an alias',
    true,
    true,
    withFields([id, { ...remark, name: 'comment', aliases: ['remark'] }, urgency]),
  ],
  [
    'a new enum symbol (enum has a default)',
    true,
    true,
    withFields([
      id,
      remark,
      { ...urgency, type: { ...(urgency.type as object), symbols: ['DANGER_NOW', 'NORMAL', 'UNKNOWN'] } },
    ]),
  ],
  ['a new required field (no default)', false, false, withFields([...v1.fields, { name: 'officeId', type: 'string' }])],
  ['a removed required field', true, false, withFields([remark, urgency])],
  ['a changed field type', false, false, withFields([{ name: 'id', type: 'long' }, remark, urgency])],
];

describe('schema evolution', () => {
  it.each(evolutions)('%s: backward=%p, full=%p', (_, backward, full, candidate) => {
    const earlier = [{ label: 'v1', schema: v1 }];
    expect(checkCompatibility(candidate, earlier, 'BACKWARD_TRANSITIVE').length === 0).toBe(backward);
    expect(checkCompatibility(candidate, earlier, 'FULL_TRANSITIVE').length === 0).toBe(full);
  });

  it('is transitive: a change compatible with the last version but not an older one fails, naming that one', () => {
    const v2 = withFields([id, urgency]);
    const v3 = withFields([id, { name: 'remark', type: 'long', default: 0 }, urgency]);
    const problems = checkCompatibility(
      v3,
      [
        { label: 'v1', schema: v1 },
        { label: 'v2', schema: v2 },
      ],
      'FULL_TRANSITIVE',
    );
    expect(problems.map((p) => p.against)).toEqual(['v1', 'v1']);
    expect(problems.map((p) => p.direction)).toEqual(['backward', 'forward']);
  });

  it('reads data across a rename with an alias (binary round trip through the resolver)', () => {
    const renamed = compileAvro(withFields([id, { ...remark, name: 'comment', aliases: ['remark'] }, urgency]));
    const old = compileAvro(v1);
    const bytes = old.toBuffer({ id: 'e1', remark: 'keep me', urgency: 'NORMAL' });
    expect(renamed.fromBuffer(bytes, renamed.createResolver(old))).toEqual({
      id: 'e1',
      comment: 'keep me',
      urgency: 'NORMAL',
    });
  });
});
