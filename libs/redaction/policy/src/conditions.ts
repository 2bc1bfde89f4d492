import type { Condition } from './policy';

const valueAt = (event: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), event);

/** Does the event state what the condition asks for? Missing fields never satisfy a condition. */
export const holds = (condition: Condition, event: unknown): boolean => {
  if ('allOf' in condition) return condition.allOf.every((c) => holds(c, event));
  if ('anyOf' in condition) return condition.anyOf.some((c) => holds(c, event));
  const value = valueAt(event, condition.field);
  if ('present' in condition) return value !== null && value !== undefined && value !== '';
  return value === condition.equals;
};

/** Every field path a condition reads, for the policy lint. */
export const fieldsOf = (condition: Condition): string[] => {
  if ('allOf' in condition) return condition.allOf.flatMap(fieldsOf);
  if ('anyOf' in condition) return condition.anyOf.flatMap(fieldsOf);
  return [condition.field];
};
