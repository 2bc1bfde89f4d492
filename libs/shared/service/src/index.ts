export * from './service-start';
export * from './run-transactional-service';
