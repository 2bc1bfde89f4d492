export * from './directory-holder';
export * from './directory-watcher';
export * from './publish-directory';
export * from './directory-follow';
