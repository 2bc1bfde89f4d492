import { holds } from './conditions';
import { isObject, decideField, expandNamedTypes, onlyBelow, type Json, type SchemaNode } from './field-walk';
import type { PolicyEntry } from './policy';

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
 * Projects an event onto the recipient's view with the same per-field decisions the view was derived
 * with. Conditions are evaluated on the whole event (e.g. legalBasis, approver, disclosure statements).
 * Paths are reported, never values.
 */
export const projectEvent = (source: Json, event: Json, entry: PolicyEntry): Projection => {
  const removedPaths: string[] = [];
  const withheldPaths: string[] = [];
  const note = (list: string[], path: string) => !list.includes(path) && list.push(path);

  const projectValue = (
    type: SchemaNode,
    value: unknown,
    inherited: string | undefined,
    path: string,
    only?: readonly string[],
  ): unknown => {
    if (value === null || value === undefined) return value;
    if (Array.isArray(type)) {
      const record = type.find((t) => isObject(t) && t['type'] === 'record');
      return record && isObject(value) ? projectValue(record, value, inherited, path, only) : value;
    }
    if (!isObject(type)) return value;
    if (type['type'] === 'record' && isObject(value)) {
      const out: Json = {};
      for (const field of type['fields'] as Json[]) {
        const name = field['name'] as string;
        const fieldPath = path ? `${path}.${name}` : name;
        const decided = decideField(field, inherited, entry, only);
        const { fieldClass, decision } = decided;
        const given = value[name];
        if (decision.decision === 'NEVER') {
          if (hasData(given)) note(removedPaths, fieldPath);
          continue;
        }
        const crosses =
          decision.decision === 'ALLOW' || (decision.condition !== undefined && holds(decision.condition, event));
        if (!crosses) {
          if (hasData(given)) note(withheldPaths, fieldPath);
          out[name] = Array.isArray(given) ? [] : null;
          continue;
        }
        out[name] = projectValue(field['type'], given, fieldClass, fieldPath, onlyBelow(field, decided));
      }
      return out;
    }
    if (type['type'] === 'array' && Array.isArray(value))
      return value.map((item) => projectValue(type['items'], item, inherited, path, only));
    if (type['type'] === 'map' && isObject(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, projectValue(type['values'], v, inherited, path, only)]),
      );
    }
    return value;
  };

  const value = projectValue(expandNamedTypes(source), event, undefined, '') as Json;
  return { value, removedPaths, withheldPaths };
};
