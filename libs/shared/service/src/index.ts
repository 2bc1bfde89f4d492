export * from './service-start';
export * from './run-transactional-service';
export * from './service-wire';
export * from './canary-forward';
export * from './health-probes';
export * from './operations-access';
export * from './https-listener';
export * from './feed-skips';
