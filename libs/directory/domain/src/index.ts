export * from './directory';
export * from './load-directory';
export * from './csv';
export * from './directory-snapshot';
