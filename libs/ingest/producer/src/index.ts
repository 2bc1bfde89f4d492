export * from './envelope';
export * from './ingest-publisher';
export * from './bridge-producer';
