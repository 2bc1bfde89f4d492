import { INHERIT, TAGS_ATTRIBUTE } from '@ksb/contracts';
import { decisionFor, type ClassDecision, type PolicyEntry } from './policy';

export type SchemaNode = unknown;
export type Json = Record<string, unknown>;
export const isObject = (n: unknown): n is Json => typeof n === 'object' && n !== null && !Array.isArray(n);

const NAMED = new Set(['record', 'enum', 'fixed']);

const expanded = new WeakMap<Json, Json>();

/** Replaces every reference to a named type by its definition, so each use can be projected on its own. */
export const expandNamedTypes = (schema: Json): Json => {
  const cached = expanded.get(schema);
  if (cached) return cached;
  const result = expandUncached(schema);
  expanded.set(schema, result);
  return result;
};

const expandUncached = (schema: Json): Json => {
  const named = new Map<string, Json>();
  const collect = (node: SchemaNode, ns?: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => collect(n, ns));
    if (!isObject(node)) return;
    if (NAMED.has(node['type'] as string)) {
      const name = node['name'] as string;
      const full = name.includes('.') ? name : `${(node['namespace'] as string | undefined) ?? ns}.${name}`;
      const { namespace: _namespace, ...rest } = node;
      named.set(full, { ...rest, name: full });
      const own = full.slice(0, full.lastIndexOf('.'));
      if (node['type'] === 'record') (node['fields'] as Json[]).forEach((f) => collect(f['type'], own));
      return;
    }
    if (node['type'] === 'array') collect(node['items'], ns);
    if (node['type'] === 'map') collect(node['values'], ns);
  };
  collect(schema);
  const resolve = (name: string, ns?: string) => named.get(name) ?? named.get(`${ns}.${name}`);
  const expand = (node: SchemaNode, ns?: string): SchemaNode => {
    if (typeof node === 'string') {
      const def = resolve(node, ns);
      return def ? expand(def, ns) : node;
    }
    if (Array.isArray(node)) return node.map((n) => expand(n, ns));
    if (!isObject(node)) return node;
    if (NAMED.has(node['type'] as string)) {
      // Inline definitions carry a short name plus namespace; normalise so every use compares equal.
      const name = node['name'] as string;
      const full = name.includes('.') ? name : `${(node['namespace'] as string | undefined) ?? ns}.${name}`;
      const { namespace: _namespace, ...rest } = node;
      if (node['type'] !== 'record') return { ...rest, name: full };
      const own = full.slice(0, full.lastIndexOf('.'));
      return {
        ...rest,
        name: full,
        fields: (node['fields'] as Json[]).map((f) => ({ ...f, type: expand(f['type'], own) })),
      };
    }
    if (node['type'] === 'array') return { ...node, items: expand(node['items'], ns) };
    if (node['type'] === 'map') return { ...node, values: expand(node['values'], ns) };
    return node;
  };
  return expand(resolve(`${schema['namespace']}.${schema['name']}`) ?? schema) as Json;
};

export interface FieldDecision {
  readonly fieldClass: string;
  readonly decision: ClassDecision;
}

const NEVER: ClassDecision = { decision: 'NEVER' };

/**
 * The effective class of a field (its tag, or the holder's for INHERIT) and what the policy says about it.
 * `only` is the holder's restriction (ClassDecision.only): a field it does not name never crosses.
 */
export const decideField = (
  field: Json,
  inherited: string | undefined,
  entry: PolicyEntry,
  only?: readonly string[],
): FieldDecision => {
  const tag = (field[TAGS_ATTRIBUTE] as string[] | undefined)?.[0];
  const inherits = tag === INHERIT || tag === undefined;
  const fieldClass = inherits ? (inherited ?? 'UNCLASSIFIED') : tag;
  if (inherits && only && !only.includes(field['name'] as string)) return { fieldClass, decision: NEVER };
  return { fieldClass, decision: decisionFor(entry, fieldClass) };
};

/** What a field passes down to its own record's fields: the `only` of its decision where it holds a class itself. */
export const onlyBelow = (field: Json, decided: FieldDecision): readonly string[] | undefined => {
  const tag = (field[TAGS_ATTRIBUTE] as string[] | undefined)?.[0];
  return tag === INHERIT || tag === undefined ? undefined : decided.decision.only;
};
