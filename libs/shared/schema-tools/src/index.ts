export * from './compatibility';
export * from './schema-history';
export * from './schema-lint';
export * from './typescript-codegen';
