export * from './deadline-policy';
export * from './deadline-watch';
export * from './second-level';
