export * from './service-start';
