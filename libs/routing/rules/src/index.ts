export * from './rule-catalogue';
export * from './routing-decision';
export * from './resolve-place';
export * from './targets';
export * from './police-to-jugendamt';
export * from './route-event';
export * from './case-register';
export * from './partner-routes';
