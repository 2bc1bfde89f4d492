import { compileAvro } from './logical-types';
import { applyDefaults } from './defaults';

const type = compileAvro({
  type: 'record',
  name: 'T',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'tags', type: { type: 'array', items: 'string' }, default: [] },
    {
      name: 'place',
      type: [
        'null',
        {
          type: 'record',
          name: 'P',
          fields: [
            { name: 'ags', type: ['null', 'string'], default: null },
            { name: 'country', type: 'string', default: 'DE' },
          ],
        },
      ],
      default: null,
    },
    { name: 'people', type: { type: 'array', items: 'P' }, default: [] },
  ],
});

describe('applyDefaults', () => {
  it('fills left-out fields with their defaults, also inside nested records, unions and arrays', () => {
    const { value, undeclared } = applyDefaults(type, { id: 'e1', place: {}, people: [{ ags: '05158016' }] });
    expect(undeclared).toEqual([]);
    expect(value).toEqual({
      id: 'e1',
      note: null,
      tags: [],
      place: { ags: null, country: 'DE' },
      people: [{ ags: '05158016', country: 'DE' }],
    });
    expect(type.isValid(value)).toBe(true);
  });

  it('reports undeclared fields by path instead of dropping them', () => {
    const { undeclared } = applyDefaults(type, { id: 'e1', nte: 'typo', place: { agss: '1' }, people: [{ extra: 1 }] });
    expect(undeclared).toEqual(['place.agss', 'people.0.extra', 'nte']);
  });

  it('leaves a missing required field missing, for validation to name', () => {
    const { value } = applyDefaults(type, {});
    expect((value as { id?: string }).id).toBeUndefined();
    expect(type.isValid(value)).toBe(false);
  });
});
