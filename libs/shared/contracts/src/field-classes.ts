import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_DIR } from './schema-files';

export const TAGS_ATTRIBUTE = 'confluent:tags';
export const INHERIT = 'INHERIT';

export interface FieldClassVocabulary {
  readonly vocabulary: string;
  readonly version: number;
  readonly classes: Readonly<Record<string, string>>;
}

export const readFieldClassVocabulary = (schemaDir = SCHEMA_DIR): FieldClassVocabulary =>
  JSON.parse(readFileSync(join(schemaDir, 'field-classes.json'), 'utf8')) as FieldClassVocabulary;

type Node = unknown;
type Field = { name: string; type: Node; [TAGS_ATTRIBUTE]?: unknown };
const isObject = (n: unknown): n is Record<string, unknown> => typeof n === 'object' && n !== null && !Array.isArray(n);

/** Named records of an assembled schema by full name: later uses of a shared type are only its name. */
const namedRecords = (schema: Record<string, unknown>): Map<string, Record<string, unknown>> => {
  const named = new Map<string, Record<string, unknown>>();
  const visit = (node: Node, namespace: string | undefined): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, namespace));
    if (!isObject(node)) return;
    if (node['type'] === 'record') {
      const name = node['name'] as string;
      const full = name.includes('.') ? name : `${(node['namespace'] as string | undefined) ?? namespace}.${name}`;
      named.set(full, node);
      const ns = full.slice(0, full.lastIndexOf('.'));
      (node['fields'] as Field[]).forEach((f) => visit(f.type, ns));
    } else if (node['type'] === 'array') visit(node['items'], namespace);
    else if (node['type'] === 'map') visit(node['values'], namespace);
  };
  visit(schema, undefined);
  return named;
};

/** The records a type contains (through unions, arrays, maps and name references), in order. */
const recordsIn = (type: Node, named: Map<string, Record<string, unknown>>): Record<string, unknown>[] => {
  if (typeof type === 'string') {
    const byName = named.get(type) ?? [...named.entries()].find(([full]) => full.endsWith(`.${type}`))?.[1];
    return byName ? [byName] : [];
  }
  if (Array.isArray(type)) return type.flatMap((t) => recordsIn(t, named));
  if (!isObject(type)) return [];
  if (type['type'] === 'record') return [type];
  if (type['type'] === 'array') return recordsIn(type['items'], named);
  if (type['type'] === 'map') return recordsIn(type['values'], named);
  return [];
};

export interface FieldClass {
  /** Dotted path of the field, e.g. children.person.birthDate (array and union levels are transparent). */
  readonly path: string;
  readonly fieldClass: string;
}

/**
 * Walks an assembled schema and yields each field's effective class: its own tag, or for INHERIT the class
 * of the field that holds its record. Problems (missing, several or unknown tags, INHERIT at top level)
 * are reported, never guessed.
 */
export const classifyFields = (schema: Record<string, unknown>, vocabulary: FieldClassVocabulary) => {
  const fields: FieldClass[] = [];
  const problems: string[] = [];
  const named = namedRecords(schema);

  const walk = (record: Record<string, unknown>, prefix: string, inherited: string | undefined, seen: Set<unknown>) => {
    if (seen.has(record)) return;
    const nextSeen = new Set(seen).add(record);
    for (const field of (record['fields'] as Field[]) ?? []) {
      const path = prefix ? `${prefix}.${field.name}` : field.name;
      const tags = field[TAGS_ATTRIBUTE];
      if (!Array.isArray(tags) || tags.length !== 1 || typeof tags[0] !== 'string') {
        problems.push(`${path}: needs exactly one ${TAGS_ATTRIBUTE} class, has ${JSON.stringify(tags ?? null)}`);
        continue;
      }
      const tag = tags[0];
      if (!(tag in vocabulary.classes)) {
        problems.push(`${path}: unknown class ${tag} (vocabulary ${vocabulary.vocabulary} v${vocabulary.version})`);
        continue;
      }
      if (tag === INHERIT && !inherited) {
        problems.push(`${path}: ${INHERIT} is only allowed inside a record held by a classified field`);
        continue;
      }
      const effective = tag === INHERIT ? (inherited as string) : tag;
      fields.push({ path, fieldClass: effective });
      for (const nested of recordsIn(field.type, named)) walk(nested, path, effective, nextSeen);
    }
  };

  walk(schema, '', undefined, new Set());
  return { fields, problems };
};
