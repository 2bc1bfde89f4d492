import { classifyFields, findEventType, INHERIT, readSchemaFile, type FieldClassVocabulary } from '@ksb/contracts';
import { fieldsOf } from './conditions';
import { viewRecordName } from './derive-view';
import { directionOf, limitOf, RANK, type LegalCeiling, type RedactionPolicy } from './policy';

/**
 * Problems that make a policy unusable: a class left undecided, a decision more permissive than the law's
 * table for the entry's legal basis, fields beyond what the basis lets cross, a condition missing or naming
 * a field the event does not have, a manual decision without an approver, a basis the ceiling does not know.
 * The build fails on any of them (npm test runs this on the shipped policy; the redactor refuses to start).
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
  const views = new Map<string, string>();
  for (const entry of policy.entries) {
    const where = `${entry.sender}→${entry.recipient} ${entry.eventType} under ${entry.basis}`;
    const eventType = findEventType(entry.eventType);
    if (!eventType) {
      problems.push(`${where}: unknown event type`);
      continue;
    }
    const view = viewRecordName(eventType.record, entry.recipient, entry.view);
    if (views.has(view)) problems.push(`${where}: view ${view} is also the view of ${views.get(view)}`);
    views.set(view, where);
    const source = policy.basisOf[entry.eventType];
    const basisField = source && 'field' in source ? source.field : undefined;
    if (!source) problems.push(`${where}: basisOf does not say where ${entry.eventType} states its legal basis`);
    if (source && 'fixed' in source && source.fixed !== entry.basis)
      problems.push(`${where}: ${entry.eventType} is always disclosed under ${source.fixed}`);
    const limits = ceiling[directionOf(entry.sender, entry.recipient)]?.[entry.basis];
    if (!limits) problems.push(`${where}: the legal ceiling has no row for this direction and basis`);
    const paths = new Set(classifyFields(readSchemaFile(eventType.record), vocabulary).fields.map((f) => f.path));
    if (basisField && !paths.has(basisField))
      problems.push(`${where}: basisOf names ${basisField}, which ${eventType.record} does not have`);
    for (const fieldClass of classes) {
      const decided = entry.classes[fieldClass];
      if (!decided) {
        problems.push(`${where}: class ${fieldClass} is not decided`);
        continue;
      }
      const limit = limitOf(limits?.classes[fieldClass]);
      if (RANK[decided.decision] > RANK[limit.max]) {
        problems.push(`${where}: ${fieldClass} is ${decided.decision}, but the law allows at most ${limit.max}`);
      }
      if (decided.decision !== 'NEVER' && limit.only) {
        const beyond = decided.only ? decided.only.filter((f) => !limit.only?.includes(f)) : ['every field'];
        if (beyond.length)
          problems.push(
            `${where}: ${fieldClass} lets ${beyond.join(', ')} cross; the basis allows only ${limit.only.join(', ')}`,
          );
      }
      const conditional = decided.decision === 'CONDITIONAL' || decided.decision === 'MANUAL';
      if (conditional && !decided.condition)
        problems.push(`${where}: ${fieldClass} is ${decided.decision} without a condition`);
      if (!conditional && decided.condition)
        problems.push(`${where}: ${fieldClass} is ${decided.decision} but has a condition`);
      for (const field of decided.condition ? fieldsOf(decided.condition) : []) {
        if (!paths.has(field))
          problems.push(`${where}: ${fieldClass} condition names ${field}, which ${eventType.record} does not have`);
        if (field === basisField)
          problems.push(`${where}: ${fieldClass} condition reads ${field}; the entry is already for ${entry.basis}`);
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
