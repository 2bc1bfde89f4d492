export * from './unique-names';
export * from './broker-test-env';
export * from './test-broker';
export * from './service-process';
export * from './free-port';
export * from './wait-until';
export * from './stream-services';
