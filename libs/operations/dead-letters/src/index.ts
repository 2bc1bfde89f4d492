export * from './dead-letter-facts';
export * from './dead-letter-summary';
export * from './requeue-plan';
export * from './dead-letter-tally';
export * from './audited-note';
export * from './erasure-plan';
