export * from './audit-log';
export * from './chain-heads';
export * from './audit-writer';
export * from './verify-log';
export * from './bundle';
export * from './audit-queries';
