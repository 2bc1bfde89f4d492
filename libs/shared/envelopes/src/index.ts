export * from './jwe';
