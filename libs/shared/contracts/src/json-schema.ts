type Node = unknown;
const isObject = (n: unknown): n is Record<string, unknown> => typeof n === 'object' && n !== null && !Array.isArray(n);
const PRIMITIVE: Record<string, object> = {
  null: { type: 'null' },
  boolean: { type: 'boolean' },
  int: { type: 'integer' },
  long: { type: 'integer' },
  float: { type: 'number' },
  double: { type: 'number' },
  string: { type: 'string' },
  bytes: { type: 'string', contentEncoding: 'base64' },
};

/**
 * JSON Schema (2020-12) for the JSON form of an Avro record as the gateway accepts it: fields with a
 * default are optional, dates and timestamps are ISO strings, unknown fields are not allowed. Named
 * types become $defs. For documentation (OpenAPI); validation itself is Avro's.
 */
export const avroToJsonSchema = (schema: Record<string, unknown>): Record<string, unknown> => {
  const defs: Record<string, unknown> = {};
  const convert = (node: Node, namespace: string | undefined): unknown => {
    if (typeof node === 'string') {
      if (PRIMITIVE[node]) return PRIMITIVE[node];
      return { $ref: `#/$defs/${node.includes('.') ? node : `${namespace}.${node}`}` };
    }
    if (Array.isArray(node)) return { anyOf: node.map((n) => convert(n, namespace)) };
    if (!isObject(node)) return {};
    if (node['logicalType'] === 'date') return { type: 'string', format: 'date' };
    if (node['logicalType'] === 'timestamp-millis') return { type: 'string', format: 'date-time' };
    if (node['logicalType'] === 'uuid') return { type: 'string', format: 'uuid' };
    const type = node['type'];
    if (type === 'array') return { type: 'array', items: convert(node['items'], namespace) };
    if (type === 'map') return { type: 'object', additionalProperties: convert(node['values'], namespace) };
    if (type === 'enum' || type === 'record') {
      const name = node['name'] as string;
      const full = name.includes('.') ? name : `${(node['namespace'] as string | undefined) ?? namespace}.${name}`;
      const ns = full.slice(0, full.lastIndexOf('.'));
      if (type === 'enum') {
        defs[full] = { type: 'string', enum: node['symbols'], ...(node['doc'] ? { description: node['doc'] } : {}) };
      } else {
        const fields = node['fields'] as Record<string, unknown>[];
        defs[full] = {
          type: 'object',
          additionalProperties: false,
          ...(node['doc'] ? { description: node['doc'] } : {}),
          required: fields.filter((f) => !('default' in f)).map((f) => f['name']),
          properties: Object.fromEntries(
            fields.map((f) => [
              f['name'],
              {
                ...(convert(f['type'], ns) as object),
                ...(f['doc'] ? { description: f['doc'] } : {}),
                'x-field-class': (f['confluent:tags'] as string[])?.[0],
              },
            ]),
          ),
        };
      }
      return { $ref: `#/$defs/${full}` };
    }
    return convert(type, namespace);
  };
  const root = convert(schema, undefined);
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...(root as object), $defs: defs };
};
