export * from './cluster-observer';
export * from './canary-prober';
export * from './alert-sinks';
export * from './lag-monitor';
export * from './deadline-monitor';
export * from './dead-letter-reader';
export * from './dead-letter-requeue';
export * from './case-erasure';
