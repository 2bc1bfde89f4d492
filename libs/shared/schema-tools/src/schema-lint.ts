import {
  type Compatibility,
  classifyFields,
  listRecordSchemas,
  readFieldClassVocabulary,
  readSchemaFile,
  SCHEMA_DIR,
  TOPIC_CATALOGUE,
} from '@ksb/contracts';
import { compileAvro } from '@ksb/wire';
import { checkCompatibility, type CompatibilityProblem } from './compatibility';
import type { HistoricVersion } from './schema-history';

/** Every problem in schemas/: Avro errors, name/file mismatches, missing or unknown field classes. */
export const lintSchemas = (schemaDir = SCHEMA_DIR): string[] => {
  const vocabulary = readFieldClassVocabulary(schemaDir);
  return listRecordSchemas(schemaDir).flatMap((record) => {
    try {
      const schema = readSchemaFile(record, schemaDir);
      const compiled = compileAvro(schema);
      const problems = compiled.name === record ? [] : [`${record}: file declares ${compiled.name}`];
      return [...problems, ...classifyFields(schema, vocabulary).problems.map((p) => `${record}: ${p}`)];
    } catch (error) {
      return [`${record}: ${(error as Error).message}`];
    }
  });
};

/** The strictest level any topic carrying the record asks for; a record on no topic is FULL_TRANSITIVE. */
export const compatibilityOf = (record: string): Compatibility => {
  const levels = TOPIC_CATALOGUE.filter((t) => t.records.includes(record)).map((t) => t.compatibility);
  return levels.length > 0 && levels.every((l) => l === 'BACKWARD_TRANSITIVE')
    ? 'BACKWARD_TRANSITIVE'
    : 'FULL_TRANSITIVE';
};

/** Checks every current schema against all its committed versions at the level its topics require. */
export const checkAgainstHistory = (
  history: Map<string, HistoricVersion[]>,
  schemaDir = SCHEMA_DIR,
): (CompatibilityProblem & { record: string })[] =>
  listRecordSchemas(schemaDir).flatMap((record) =>
    checkCompatibility(readSchemaFile(record, schemaDir), history.get(record) ?? [], compatibilityOf(record)).map(
      (p) => ({ record, ...p }),
    ),
  );
