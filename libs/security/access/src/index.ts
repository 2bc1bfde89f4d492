export * from './access-rule';
export * from './principals';
export * from './access-plan';
export * from './plan-diff';
export * from './strimzi-users';
export * from './strimzi-topics';
