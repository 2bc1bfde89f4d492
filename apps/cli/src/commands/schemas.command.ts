import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { asyncApiDocument, listRecordSchemas, readSchemaFile, SCHEMA_DIR, TOPIC_CATALOGUE } from '@ksb/contracts';
import { checkAgainstHistory, committedSchemaVersions, generateTypeScript, lintSchemas } from '@ksb/schema-tools';
import { deliveryOpenApiDocument } from '@ksb/delivery-inbox';
import { loadDirectory } from '@ksb/directory';
import { openApiDocument } from '@ksb/gateway-core';
import { generateViews, loadPolicy } from '@ksb/redaction';
import { deliveryTopicSpecs } from '@ksb/redaction-feature';
import { cliWire, type CliConfig } from '../cli.config';

type Print = (line: string) => void;
const REPO_ROOT = resolve(SCHEMA_DIR, '..');
const GENERATED = join(REPO_ROOT, 'libs', 'shared', 'contracts', 'src', 'generated');
const ASYNCAPI_FILE = join(REPO_ROOT, 'docs', 'asyncapi.json');
/** The HTTP APIs' descriptions, as their services serve them at /openapi.json. */
const OPENAPI_FILES = {
  'docs/openapi/ingest-gateway.json': () => openApiDocument('1'),
  'docs/openapi/delivery-api.json': () => deliveryOpenApiDocument('1'),
};
const documentText = (document: object) => `${JSON.stringify(document, null, 2)}\n`;
const viewText = (schema: object) => `${JSON.stringify(schema, null, 2)}\n`;
const asyncApiText = () =>
  `${JSON.stringify(asyncApiDocument('1', deliveryTopicSpecs(loadDirectory(), loadPolicy())), null, 2)}\n`;

/** `ksb schemas lint`: Avro validity, names, and one known field class on every field. */
export const schemasLint = async (print: Print): Promise<number> => {
  const problems = lintSchemas();
  for (const view of generateViews(loadPolicy())) {
    const file = join(SCHEMA_DIR, view.file);
    if (!existsSync(file) || readFileSync(file, 'utf8') !== viewText(view.schema)) {
      problems.push(`schemas/${view.file} is stale: run \`bin/ksb views generate\` and commit it`);
    }
  }
  if (!existsSync(ASYNCAPI_FILE) || readFileSync(ASYNCAPI_FILE, 'utf8') !== asyncApiText()) {
    problems.push('docs/asyncapi.json is stale: run `bin/ksb schemas asyncapi` and commit it');
  }
  for (const [file, document] of Object.entries(OPENAPI_FILES)) {
    const path = join(REPO_ROOT, file);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== documentText(document()))
      problems.push(`${file} is stale: run \`bin/ksb schemas asyncapi\` and commit it`);
  }
  problems.forEach((p) => print(`✖ ${p}`));
  print(
    problems.length
      ? `${problems.length} schema problem(s)`
      : `${listRecordSchemas().length} schemas: names and field classes ok`,
  );
  return problems.length ? 1 : 0;
};

/**
 * `ksb schemas compat [--registry]`: every schema against all its committed versions (git history) at the
 * level its topics require; with --registry also against what the registry holds for each topic subject.
 */
export const schemasCompat = async (config: CliConfig, args: string[], print: Print): Promise<number> => {
  const history = committedSchemaVersions(REPO_ROOT);
  const problems = checkAgainstHistory(history).map(
    (p) => `${p.record}: ${p.direction} incompatible with ${p.against}: ${p.reason}`,
  );
  const versions = [...history.values()].reduce((n, v) => n + v.length, 0);
  print(`checked ${listRecordSchemas().length} schemas against ${versions} committed version(s)`);
  if (args.includes('--registry')) {
    const wire = cliWire(config);
    let subjects = 0;
    for (const topic of TOPIC_CATALOGUE) {
      for (const record of topic.records) {
        const verdict = await wire.codec.isCompatible(wire.topic(topic.name), record);
        if (verdict === 'unregistered') continue;
        subjects += 1;
        if (!verdict)
          problems.push(`${record} on ${wire.topic(topic.name)}: the registry rejects it (${topic.compatibility})`);
      }
    }
    print(`checked ${subjects} registered subject(s) at ${config.KSB_REGISTRY_URL}`);
  }
  problems.forEach((p) => print(`✖ ${p}`));
  print(problems.length ? `${problems.length} incompatible change(s)` : 'all schema changes are compatible');
  return problems.length ? 1 : 0;
};

/** `ksb schemas codegen`: TypeScript types for every record, into the contracts library (git-ignored). */
export const schemasCodegen = async (print: Print): Promise<number> => {
  const records = listRecordSchemas();
  mkdirSync(GENERATED, { recursive: true });
  writeFileSync(join(GENERATED, 'contracts.ts'), generateTypeScript(records.map((r) => readSchemaFile(r))));
  print(`generated types for ${records.length} records into ${GENERATED}`);
  return 0;
};

/** `ksb schemas asyncapi`: writes docs/asyncapi.json from the topic catalogue and schemas/. */
export const schemasAsyncApi = async (print: Print): Promise<number> => {
  writeFileSync(ASYNCAPI_FILE, asyncApiText());
  print(`wrote ${ASYNCAPI_FILE}`);
  mkdirSync(join(REPO_ROOT, 'docs', 'openapi'), { recursive: true });
  for (const [file, document] of Object.entries(OPENAPI_FILES)) {
    writeFileSync(join(REPO_ROOT, file), documentText(document()));
    print(`wrote ${file}`);
  }
  return 0;
};

/** `ksb views generate`: writes each recipient's view schema (policy + source schema) to schemas/views. */
export const viewsGenerate = async (print: Print): Promise<number> => {
  const views = generateViews(loadPolicy());
  mkdirSync(join(SCHEMA_DIR, 'views'), { recursive: true });
  for (const view of views) writeFileSync(join(SCHEMA_DIR, view.file), viewText(view.schema));
  print(`wrote ${views.length} views: ${views.map((v) => v.file).join(', ')}`);
  return 0;
};
