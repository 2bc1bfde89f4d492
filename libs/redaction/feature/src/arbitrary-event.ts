import { createHash } from 'node:crypto';
import fc from 'fast-check';

type Json = Record<string, unknown>;
const isObject = (n: unknown): n is Json => typeof n === 'object' && n !== null && !Array.isArray(n);

/** A token unique to a field path, put into every generated string so a leak can be traced to its field. */
export const markerFor = (path: string) => `Q${createHash('sha256').update(path).digest('hex').slice(0, 10)}Q`;

const isoDate = fc.integer({ min: -20000, max: 30000 }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
const isoInstant = fc.integer({ min: 0, max: 4_000_000_000_000 }).map((ms) => new Date(ms).toISOString());

/**
 * Random values for an expanded Avro schema (every named type inlined). Strings carry the marker of their
 * field path; array elements share their field's path, matching how the projection reports paths.
 */
export const arbitraryFor = (node: unknown, path = ''): fc.Arbitrary<unknown> => {
  if (typeof node === 'string') {
    switch (node) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'int':
      case 'long':
        return fc.integer({ min: -1000, max: 1000 });
      case 'float':
      case 'double':
        return fc.double({ noNaN: true, noDefaultInfinity: true });
      case 'string':
        return fc.string({ maxLength: 6 }).map((s) => `${markerFor(path)}${s}`);
      default:
        throw new Error(`unexpanded reference ${node} at ${path}`);
    }
  }
  if (Array.isArray(node)) return fc.oneof(...node.map((branch) => arbitraryFor(branch, path)));
  if (!isObject(node)) throw new Error(`unsupported schema node at ${path}`);
  if (node['logicalType'] === 'date') return isoDate;
  if (node['logicalType'] === 'timestamp-millis') return isoInstant;
  if (node['logicalType'] === 'uuid') return fc.uuid();
  switch (node['type']) {
    case 'enum':
      return fc.constantFrom(...(node['symbols'] as string[]));
    case 'array':
      return fc.array(arbitraryFor(node['items'], path), { maxLength: 2 });
    case 'map':
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), arbitraryFor(node['values'], path), {
        maxKeys: 2,
      });
    case 'record':
      return fc.record(
        Object.fromEntries(
          (node['fields'] as Json[]).map((f) => [
            f['name'] as string,
            arbitraryFor(f['type'], path ? `${path}.${f['name']}` : (f['name'] as string)),
          ]),
        ),
      );
    default:
      return arbitraryFor(node['type'], path);
  }
};
