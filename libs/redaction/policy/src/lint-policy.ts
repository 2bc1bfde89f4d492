import { classifyFields, findEventType, INHERIT, readSchemaFile, type FieldClassVocabulary } from '@ksb/contracts';
import { fieldsOf } from './conditions';
import { directionOf, RANK, type LegalCeiling, type RedactionPolicy } from './policy';

/**
 * Problems that make a policy unusable: a class left undecided, a decision more permissive than the law's
 * table, a condition missing or naming a field the event does not have, a manual decision without an
 * approver. The build fails on any of them (npm test runs this on the shipped policy).
 */
export const lintPolicy = (
  policy: RedactionPolicy,
  ceiling: LegalCeiling,
  vocabulary: FieldClassVocabulary,
): string[] => {
  const problems: string[] = [];
  if (policy.vocabulary.version !== vocabulary.version) {
    problems.push(
      `policy ${policy.version} decides vocabulary v${policy.vocabulary.version}, schemas use v${vocabulary.version}`,
    );
  }
  const classes = Object.keys(vocabulary.classes).filter((c) => c !== INHERIT);
  for (const entry of policy.entries) {
    const where = `${entry.sender}→${entry.recipient} ${entry.eventType}`;
    const eventType = findEventType(entry.eventType);
    if (!eventType) {
      problems.push(`${where}: unknown event type`);
      continue;
    }
    const maximum = ceiling[directionOf(entry.sender, entry.recipient)];
    if (!maximum) problems.push(`${where}: the legal ceiling has no row for this direction`);
    const paths = new Set(classifyFields(readSchemaFile(eventType.record), vocabulary).fields.map((f) => f.path));
    for (const fieldClass of classes) {
      const decided = entry.classes[fieldClass];
      if (!decided) {
        problems.push(`${where}: class ${fieldClass} is not decided`);
        continue;
      }
      const limit = maximum?.[fieldClass] ?? 'NEVER';
      if (RANK[decided.decision] > RANK[limit]) {
        problems.push(`${where}: ${fieldClass} is ${decided.decision}, but the law allows at most ${limit}`);
      }
      const conditional = decided.decision === 'CONDITIONAL' || decided.decision === 'MANUAL';
      if (conditional && !decided.condition)
        problems.push(`${where}: ${fieldClass} is ${decided.decision} without a condition`);
      if (!conditional && decided.condition)
        problems.push(`${where}: ${fieldClass} is ${decided.decision} but has a condition`);
      for (const field of decided.condition ? fieldsOf(decided.condition) : []) {
        if (!paths.has(field))
          problems.push(`${where}: ${fieldClass} condition names ${field}, which ${eventType.record} does not have`);
      }
      if (decided.decision === 'MANUAL' && decided.condition && !fieldsOf(decided.condition).includes('approver')) {
        problems.push(`${where}: ${fieldClass} is MANUAL, so its condition must require the named approver`);
      }
    }
    for (const fieldClass of Object.keys(entry.classes)) {
      if (!(fieldClass in vocabulary.classes)) problems.push(`${where}: ${fieldClass} is not in the vocabulary`);
    }
  }
  return problems;
};
