export * from './errors';
export * from './roles';
export * from './room-token';
export * from './room';
export * from './room-channels';
export * from './scoring-events';
