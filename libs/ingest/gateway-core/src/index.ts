export * from './gateway.errors';
export * from './token-bucket';
export * from './idempotency-cache';
export * from './authorize-sender';
export * from './openapi';
export * from './event-body';
export * from './api-keys';
export * from './client-certificate';
