export * from './delivery-topics';
export * from './view-schemas';
export * from './redaction.errors';
export * from './redact-routed-event';
export * from './seal-deliveries';
