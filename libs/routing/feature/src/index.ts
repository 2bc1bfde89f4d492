export * from './routing-rejected.error';
export * from './routed-topics';
export * from './derived-event-id';
export * from './route-ingested-event';
export * from './directory-holder';
export * from './directory-watcher';
export * from './publish-directory';
