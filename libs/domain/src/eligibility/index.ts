export * from './rules';
export * from './university';
export * from './discipline';
export * from './evaluate';
