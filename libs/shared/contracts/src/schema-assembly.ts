import { NAMESPACE_ROOT } from './naming';

export type SchemaNode = string | SchemaNode[] | { [key: string]: unknown };
export type ReadSchemaFile = (recordFullName: string) => Record<string, unknown>;

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const isObject = (n: unknown): n is Record<string, unknown> => typeof n === 'object' && n !== null && !Array.isArray(n);

const fullNameOf = (node: Record<string, unknown>, enclosingNamespace: string | undefined): string | undefined => {
  const name = node['name'];
  if (typeof name !== 'string') return undefined;
  if (name.includes('.')) return name;
  const namespace = (node['namespace'] as string | undefined) ?? enclosingNamespace;
  return namespace ? `${namespace}.${name}` : name;
};

/**
 * Makes a self-contained schema: every reference to a shared type of ours (e.g.
 * de.kinderschutz.bridge.common.Person) is replaced by its definition at first use, as Avro requires, so the
 * registry and every tool see one complete schema. Shared records are written once, in schemas/common.
 */
export const assembleSchema = (recordFullName: string, read: ReadSchemaFile): Record<string, unknown> => {
  const defined = new Set<string>();

  const visit = (node: SchemaNode, namespace: string | undefined): SchemaNode => {
    if (typeof node === 'string') {
      if (PRIMITIVES.has(node)) return node;
      const full = node.includes('.') ? node : namespace ? `${namespace}.${node}` : node;
      if (defined.has(full) || defined.has(node)) return node;
      if (!full.startsWith(`${NAMESPACE_ROOT}.`)) throw new Error(`unknown type ${node} in ${recordFullName}`);
      return visit(read(full) as SchemaNode, undefined);
    }
    if (Array.isArray(node)) return node.map((n) => visit(n, namespace));
    const type = node['type'];
    if (type === 'record' || type === 'error' || type === 'enum' || type === 'fixed') {
      const full = fullNameOf(node, namespace);
      if (full) defined.add(full);
      const ownNamespace = full?.includes('.') ? full.slice(0, full.lastIndexOf('.')) : namespace;
      if (type !== 'record' && type !== 'error') return node;
      const fields = (node['fields'] as Record<string, unknown>[]).map((f) => ({
        ...f,
        type: visit(f['type'] as SchemaNode, ownNamespace),
      }));
      return { ...node, fields };
    }
    if (type === 'array') return { ...node, items: visit(node['items'] as SchemaNode, namespace) };
    if (type === 'map') return { ...node, values: visit(node['values'] as SchemaNode, namespace) };
    if (isObject(node) && typeof type !== 'undefined') return { ...node, type: visit(type as SchemaNode, namespace) };
    return node;
  };

  return visit(read(recordFullName) as SchemaNode, undefined) as Record<string, unknown>;
};
