import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NAMESPACE_ROOT, schemaFileFor } from './naming';
import { assembleSchema } from './schema-assembly';

/** The repository's schemas/ folder: the .avsc files there are the source of truth for every contract. */
export const SCHEMA_DIR = resolve(__dirname, '..', '..', '..', '..', 'schemas');

export type AvroSchemaJson = { type: string; name?: string; namespace?: string } & Record<string, unknown>;

/** The file as written (may reference shared types in schemas/common). */
export const readRawSchemaFile = (recordFullName: string, schemaDir = SCHEMA_DIR): AvroSchemaJson =>
  JSON.parse(readFileSync(join(schemaDir, schemaFileFor(recordFullName)), 'utf8')) as AvroSchemaJson;

/** The complete, self-contained schema of a record: what is registered and what readers compile. */
export const readSchemaFile = (recordFullName: string, schemaDir = SCHEMA_DIR): AvroSchemaJson =>
  assembleSchema(recordFullName, (name) => readRawSchemaFile(name, schemaDir)) as AvroSchemaJson;

/** Every record file under schemas/ (not common/, whose types are only used inside others). */
export const listRecordSchemas = (schemaDir = SCHEMA_DIR): string[] =>
  readdirSync(schemaDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'common' && d.name !== 'examples')
    .flatMap((d) =>
      readdirSync(join(schemaDir, d.name))
        .filter((f) => f.endsWith('.avsc'))
        .map((f) => `${NAMESPACE_ROOT}.${d.name}.${f.slice(0, -'.avsc'.length)}`),
    )
    .sort();
