export * from './load-config';
export * from './common-variables';
export * from './kafka-security';
