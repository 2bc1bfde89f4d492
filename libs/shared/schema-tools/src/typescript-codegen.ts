type Node = unknown;
const isObject = (n: unknown): n is Record<string, unknown> => typeof n === 'object' && n !== null && !Array.isArray(n);
const simpleName = (name: string) => name.slice(name.lastIndexOf('.') + 1);

const PRIMITIVE_TS: Record<string, string> = {
  null: 'null',
  boolean: 'boolean',
  int: 'number',
  long: 'number',
  float: 'number',
  double: 'number',
  bytes: 'Buffer',
  string: 'string',
};

/**
 * TypeScript declarations for Avro records, as the bridge's codec decodes them (ISO strings for date and
 * timestamp-millis). Shared types are emitted once; two records with the same simple name are an error,
 * because the generated names must stay unambiguous for readers of the code.
 */
export const generateTypeScript = (schemas: readonly Record<string, unknown>[]): string => {
  const declarations = new Map<string, { fullName: string; text: string }>();
  const topLevel: string[] = [];

  const declare = (fullName: string, text: string) => {
    const name = simpleName(fullName);
    const existing = declarations.get(name);
    if (existing && existing.fullName !== fullName)
      throw new Error(`two types are called ${name}: ${existing.fullName} and ${fullName}`);
    if (!existing) declarations.set(name, { fullName, text });
  };

  const doc = (node: Record<string, unknown>, indent = '') =>
    typeof node['doc'] === 'string' ? `${indent}/** ${node['doc']} */\n` : '';

  const tsType = (node: Node, namespace: string | undefined): string => {
    if (typeof node === 'string') return PRIMITIVE_TS[node] ?? simpleName(node);
    if (Array.isArray(node)) return node.map((n) => tsType(n, namespace)).join(' | ');
    if (!isObject(node)) throw new Error(`unsupported schema node ${JSON.stringify(node)}`);
    const type = node['type'];
    if (node['logicalType'] === 'date' || node['logicalType'] === 'timestamp-millis') return 'string';
    if (type === 'array') return `Array<${tsType(node['items'], namespace)}>`;
    if (type === 'map') return `Record<string, ${tsType(node['values'], namespace)}>`;
    if (type === 'enum' || type === 'record' || type === 'fixed') {
      const name = node['name'] as string;
      const fullName = name.includes('.') ? name : `${(node['namespace'] as string | undefined) ?? namespace}.${name}`;
      const ownNamespace = fullName.slice(0, fullName.lastIndexOf('.'));
      if (type === 'enum') {
        const symbols = (node['symbols'] as string[]).map((s) => `'${s}'`).join(' | ');
        declare(fullName, `${doc(node)}export type ${simpleName(fullName)} = ${symbols};`);
      } else if (type === 'fixed') {
        declare(fullName, `export type ${simpleName(fullName)} = Buffer;`);
      } else {
        const fields = (node['fields'] as Record<string, unknown>[]).map(
          (f) => `${doc(f, '  ')}  ${f['name'] as string}: ${tsType(f['type'], ownNamespace)};`,
        );
        declare(fullName, `${doc(node)}export interface ${simpleName(fullName)} {\n${fields.join('\n')}\n}`);
      }
      return simpleName(fullName);
    }
    return tsType(type, namespace);
  };

  for (const schema of schemas)
    // A view's schema names itself in full and has no namespace field.
    topLevel.push(
      `  '${schema['namespace'] ? `${schema['namespace']}.` : ''}${schema['name']}': ${tsType(schema, undefined)};`,
    );

  return [
    '// Generated from schemas/*.avsc by `ksb schemas codegen` (Nx target contracts:codegen). Do not edit.',
    '',
    ...[...declarations.values()].map((d) => `${d.text}\n`),
    '/** Every record of schemas/, by Avro full name. */',
    'export interface RecordTypes {',
    ...topLevel,
    '}',
    '',
  ].join('\n');
};
