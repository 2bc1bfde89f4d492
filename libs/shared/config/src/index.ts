export * from './load-config';
export * from './common-variables';
export * from './kafka-security';
export * from './webhook-url';
