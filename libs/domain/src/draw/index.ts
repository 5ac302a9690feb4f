export * from './rfc3797';
export * from './ids';
export * from './shuffle';
export * from './panel';
export * from './record';
