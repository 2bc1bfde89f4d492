export * from './hash-chain';
export * from './checkpoint';
export * from './verify-chain';
export * from './seal';
