import { valueAtPath } from '@ksb/contracts';
import type { Condition } from './policy';

/** Does the event state what the condition asks for? Missing fields never satisfy a condition. */
export const holds = (condition: Condition, event: unknown): boolean => {
  if ('allOf' in condition) return condition.allOf.every((c) => holds(c, event));
  if ('anyOf' in condition) return condition.anyOf.some((c) => holds(c, event));
  const value = valueAtPath(event, condition.field);
  if ('present' in condition) return value !== null && value !== undefined && value !== '';
  return value === condition.equals;
};

/** Every field path a condition reads, for the policy lint. */
export const fieldsOf = (condition: Condition): string[] => {
  if ('allOf' in condition) return condition.allOf.flatMap(fieldsOf);
  if ('anyOf' in condition) return condition.anyOf.flatMap(fieldsOf);
  return [condition.field];
};
