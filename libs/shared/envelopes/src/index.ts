export * from './jwe';
export * from './case-seal';
