export * from './naming';
export * from './topic-catalogue';
export * from './schema-files';
