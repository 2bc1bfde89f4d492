import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { schemaFileFor } from './naming';

/** The repository's schemas/ folder: the .avsc files there are the source of truth for every contract. */
export const SCHEMA_DIR = resolve(__dirname, '..', '..', '..', '..', 'schemas');

export type AvroSchemaJson = { type: string; name?: string; namespace?: string } & Record<string, unknown>;

export const readSchemaFile = (recordFullName: string, schemaDir = SCHEMA_DIR): AvroSchemaJson =>
  JSON.parse(readFileSync(join(schemaDir, schemaFileFor(recordFullName)), 'utf8')) as AvroSchemaJson;
