export * from './envelope';
export * from './bridge-producer';
