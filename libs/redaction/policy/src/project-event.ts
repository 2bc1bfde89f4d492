import { holds } from './conditions';
import { isObject, decideField, expandNamedTypes, onlyBelow, type Json, type SchemaNode } from './field-walk';
import type { Condition, PolicyEntry } from './policy';

export interface Projection {
  /** The value to encode with the recipient's view schema. */
  readonly value: Json;
  /** Field paths that held data and never cross to this recipient. */
  readonly removedPaths: string[];
  /** Conditional field paths that held data but whose condition the event did not state. */
  readonly withheldPaths: string[];
}

const hasData = (v: unknown) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);

/**
 * What the policy decided for one schema node under one entry, worked out once per (schema, entry): the
 * decisions depend only on the schema's tags and the policy, so per event only conditions and values are left.
 */
type Plan =
  | undefined
  | { readonly kind: 'record'; readonly fields: readonly FieldPlan[] }
  | { readonly kind: 'union'; readonly record: Plan }
  | { readonly kind: 'array'; readonly items: Plan }
  | { readonly kind: 'map'; readonly values: Plan };

interface FieldPlan {
  readonly name: string;
  readonly path: string;
  /** never: removed; allow: crosses; condition: crosses when it holds on the event, else withheld. */
  readonly mode: 'never' | 'allow' | 'condition' | 'withhold';
  readonly condition?: Condition;
  readonly type?: Plan;
}

const planFor = (
  type: SchemaNode,
  entry: PolicyEntry,
  inherited: string | undefined,
  path: string,
  only?: readonly string[],
): Plan => {
  if (Array.isArray(type)) {
    const record = type.find((t) => isObject(t) && t['type'] === 'record');
    return record ? { kind: 'union', record: planFor(record, entry, inherited, path, only) } : undefined;
  }
  if (!isObject(type)) return undefined;
  if (type['type'] === 'record')
    return {
      kind: 'record',
      fields: (type['fields'] as Json[]).map((field): FieldPlan => {
        const name = field['name'] as string;
        const fieldPath = path ? `${path}.${name}` : name;
        const decided = decideField(field, inherited, entry, only);
        const { fieldClass, decision } = decided;
        if (decision.decision === 'NEVER') return { name, path: fieldPath, mode: 'never' };
        const mode = decision.decision === 'ALLOW' ? 'allow' : decision.condition ? 'condition' : 'withhold';
        const below = planFor(field['type'], entry, fieldClass, fieldPath, onlyBelow(field, decided));
        return { name, path: fieldPath, mode, condition: decision.condition, type: below };
      }),
    };
  if (type['type'] === 'array') return { kind: 'array', items: planFor(type['items'], entry, inherited, path, only) };
  if (type['type'] === 'map') return { kind: 'map', values: planFor(type['values'], entry, inherited, path, only) };
  return undefined;
};

const plans = new WeakMap<Json, WeakMap<PolicyEntry, Plan>>();
const cachedPlan = (source: Json, entry: PolicyEntry): Plan => {
  let byEntry = plans.get(source);
  if (!byEntry) plans.set(source, (byEntry = new WeakMap()));
  if (!byEntry.has(entry)) byEntry.set(entry, planFor(expandNamedTypes(source), entry, undefined, ''));
  return byEntry.get(entry);
};

/**
 * Projects an event onto the recipient's view with the same per-field decisions the view was derived
 * with. Conditions are evaluated on the whole event (e.g. legalBasis, approver, disclosure statements).
 * Paths are reported, never values.
 */
export const projectEvent = (source: Json, event: Json, entry: PolicyEntry): Projection => {
  const removedPaths: string[] = [];
  const withheldPaths: string[] = [];
  const note = (list: string[], path: string) => !list.includes(path) && list.push(path);

  const project = (plan: Plan, value: unknown): unknown => {
    if (value === null || value === undefined || plan === undefined) return value;
    switch (plan.kind) {
      case 'union':
        return isObject(value) ? project(plan.record, value) : value;
      case 'record': {
        if (!isObject(value)) return value;
        const out: Json = {};
        for (const field of plan.fields) {
          const given = value[field.name];
          if (field.mode === 'never') {
            if (hasData(given)) note(removedPaths, field.path);
            continue;
          }
          if (
            field.mode === 'withhold' ||
            (field.mode === 'condition' && !holds(field.condition as Condition, event))
          ) {
            if (hasData(given)) note(withheldPaths, field.path);
            out[field.name] = Array.isArray(given) ? [] : null;
            continue;
          }
          out[field.name] = project(field.type, given);
        }
        return out;
      }
      case 'array':
        return Array.isArray(value) ? value.map((item) => project(plan.items, item)) : value;
      case 'map':
        return isObject(value)
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, project(plan.values, v)]))
          : value;
    }
  };

  const value = project(cachedPlan(source, entry), event) as Json;
  return { value, removedPaths, withheldPaths };
};
