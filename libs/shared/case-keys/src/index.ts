export * from './case-key-store.port';
export * from './case-keys.errors';
export * from './case-seal';
export * from './file-case-key-store';
export * from './local-key-encryption-key';
export * from './local-case-seal';
export * from './random-pool';
