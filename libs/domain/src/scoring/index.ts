export * from './hundredths';
export * from './rubric';
export * from './aggregate';
export * from './announcement';
export * from './ranking';
export * from './leniency';
