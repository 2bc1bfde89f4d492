export * from './directory';
export * from './load-directory';
export * from './csv';
export * from './directory-snapshot';
export * from './municipality-register';
export * from './load-register';
export * from './postal-places';
export * from './gv100ad';
