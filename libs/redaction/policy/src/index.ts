export * from './policy';
export * from './load-policy';
export * from './conditions';
export * from './lint-policy';
export * from './field-walk';
export * from './derive-view';
export * from './project-event';
export * from './views';
