import type { Type } from 'avsc';

type AnyType = Type & {
  typeName: string;
  fields?: { name: string; type: AnyType; defaultValue(): unknown }[];
  types?: AnyType[];
  itemsType?: AnyType;
  valuesType?: AnyType;
  underlyingType?: AnyType;
};

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);

/**
 * Prepares a value for writing: fields left out that have a schema default get it (so JSON senders may
 * omit optional fields), and fields the schema does not declare are reported by path instead of being
 * silently dropped by the encoder: a typo must not make data vanish.
 */
export const applyDefaults = (type: Type, value: unknown): { value: unknown; undeclared: string[] } => {
  const undeclared: string[] = [];

  const walk = (t: AnyType, v: unknown, path: string): unknown => {
    if (t.typeName === 'record' && isPlainObject(v)) {
      const out: Record<string, unknown> = {};
      for (const field of t.fields ?? []) {
        const given = v[field.name];
        const filled = given === undefined ? field.defaultValue() : given;
        out[field.name] = walk(field.type, filled, path ? `${path}.${field.name}` : field.name);
      }
      const declared = new Set((t.fields ?? []).map((f) => f.name));
      Object.keys(v)
        .filter((k) => !declared.has(k))
        .forEach((k) => undeclared.push(path ? `${path}.${k}` : k));
      return out;
    }
    if (t.typeName.startsWith('union') && v !== null && v !== undefined) {
      const records = (t.types ?? []).filter((b) => b.typeName === 'record');
      // An object in a union of null and one record is that record; anything else is left to validation.
      return records.length === 1 && isPlainObject(v) ? walk(records[0], v, path) : v;
    }
    if (t.typeName === 'array' && Array.isArray(v))
      return v.map((item, i) => walk(t.itemsType as AnyType, item, `${path}.${i}`));
    if (t.typeName === 'map' && isPlainObject(v)) {
      return Object.fromEntries(
        Object.entries(v).map(([k, item]) => [k, walk(t.valuesType as AnyType, item, `${path}.${k}`)]),
      );
    }
    return v;
  };

  return { value: walk(type as AnyType, value, ''), undeclared };
};
