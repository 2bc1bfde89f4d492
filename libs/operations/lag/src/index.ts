export * from './observation';
export * from './offset-time-table';
export * from './lag-status';
export * from './lag-evaluator';
export * from './canary-stats';
export * from './alert-rules';
