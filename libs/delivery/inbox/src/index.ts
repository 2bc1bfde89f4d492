export * from './cursor';
export * from './delivery.errors';
export * from './inbox';
export * from './answers';
export * from './status-trail';
export * from './callbacks';
export * from './openapi';
export * from './field-labels';
