export * from './gateway.errors';
export * from './api-key-credentials';
export * from './token-bucket';
export * from './idempotency-cache';
export * from './authorize-sender';
export * from './openapi';
export * from './event-body';
