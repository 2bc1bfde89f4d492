export * from './naming';
export * from './topic-catalogue';
export * from './schema-files';
export * from './schema-assembly';
export * from './field-classes';
export * from './event-types';
