// Guardrails that keep the layers honest (see docs/adr/0004-naming-and-layers.md):
// app -> feature -> data-access -> contracts/domain -> util, and pure layers import no framework or client.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import jest from 'eslint-plugin-jest';
import prettier from 'eslint-config-prettier';

const frameworkAndClients = ['@nestjs/*', 'kafkajs', '@kafkajs/*', 'avsc', 'express', 'prom-client'];

export default [
  { ignores: ['**/node_modules', '**/dist', '**/.nx', '.stack', 'coverage', '**/generated/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:tooling',
                'type:data-access',
                'type:domain',
                'type:contracts',
                'type:util',
              ],
            },
            // Build and CI tooling (schema checks, code generation): may read schemas with avsc, never serves traffic.
            {
              sourceTag: 'type:tooling',
              onlyDependOnLibsWithTags: ['type:data-access', 'type:domain', 'type:contracts', 'type:util'],
            },
            {
              sourceTag: 'type:feature',
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:data-access',
                'type:domain',
                'type:contracts',
                'type:util',
              ],
            },
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: ['type:data-access', 'type:contracts', 'type:util'],
            },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:util'],
              bannedExternalImports: frameworkAndClients,
            },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:util'],
              bannedExternalImports: frameworkAndClients,
            },
            {
              sourceTag: 'type:util',
              onlyDependOnLibsWithTags: ['type:util'],
              bannedExternalImports: frameworkAndClients,
            },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:data-access', 'type:domain', 'type:contracts', 'type:util'],
            },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: [
                'type:testing',
                'type:feature',
                'type:data-access',
                'type:domain',
                'type:contracts',
                'type:util',
              ],
            },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            // Offices, municipalities, postal codes, contacts and the directory feed: read by every stage.
            { sourceTag: 'scope:directory', onlyDependOnLibsWithTags: ['scope:directory', 'scope:shared'] },
            {
              sourceTag: 'scope:routing',
              onlyDependOnLibsWithTags: ['scope:routing', 'scope:directory', 'scope:shared'],
            },
            {
              sourceTag: 'scope:redaction',
              onlyDependOnLibsWithTags: ['scope:redaction', 'scope:directory', 'scope:shared'],
            },
            {
              sourceTag: 'scope:ingest',
              onlyDependOnLibsWithTags: ['scope:ingest', 'scope:directory', 'scope:shared'],
            },
            { sourceTag: 'scope:audit', onlyDependOnLibsWithTags: ['scope:audit', 'scope:directory', 'scope:shared'] },
            {
              sourceTag: 'scope:operations',
              onlyDependOnLibsWithTags: ['scope:operations', 'scope:directory', 'scope:shared'],
            },
            // The ksb command line is the operators' one tool across all areas (topics, routing, audit, lag).
            {
              sourceTag: 'scope:cli',
              onlyDependOnLibsWithTags: [
                'scope:shared',
                'scope:directory',
                'scope:ingest',
                'scope:routing',
                'scope:redaction',
                'scope:audit',
                'scope:operations',
                'scope:security',
                'scope:delivery',
              ],
            },
            { sourceTag: 'scope:security', onlyDependOnLibsWithTags: ['scope:security', 'scope:shared'] },
            // The recipient side checks offices' credentials with the gateway's key store (ADR 0015).
            {
              sourceTag: 'scope:delivery',
              onlyDependOnLibsWithTags: [
                'scope:delivery',
                'scope:directory',
                'scope:ingest',
                'scope:routing',
                'scope:audit',
                'scope:shared',
              ],
            },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['*'] },
            // The broker-test harness starts any app as its own process, like e2e tests do.
            { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-console': 'error',
    },
  },
  // The wire is the port to Kafka and the registry (docs/adr/0005): their client libraries stay behind it.
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    ignores: ['libs/shared/wire/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['kafkajs', '@kafkajs/*', 'avsc', '@confluentinc/*'],
              message: 'Kafka, Avro and registry clients live behind @ksb/wire (docs/adr/0005): use its port.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'test/**/*.ts'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/no-commented-out-tests': 'error',
      // Shared assertion helpers are named expect…(), e.g. expectClean() in the fault suite.
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*'] }],
    },
  },
  {
    files: ['deploy/**/*.mjs', 'tools/**/*.mjs'],
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
        setTimeout: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { 'no-console': 'off' },
  },
  prettier,
];
