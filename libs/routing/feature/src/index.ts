export * from './routing-rejected.error';
export * from './routed-topics';
export * from './route-ingested-event';
export * from './case-feed';
export * from './seal-routed';
export * from './case-key-expiry';
