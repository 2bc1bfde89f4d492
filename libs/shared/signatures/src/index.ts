export * from './signing-keys';
export * from './event-signature';
export * from './delivery-signature';
export * from './key-files';
export * from './security-event-token';
