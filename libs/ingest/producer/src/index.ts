export * from './envelope';
export * from './ingest-publisher';
export * from './bridge-producer';
export * from './gateway-case-keys';
