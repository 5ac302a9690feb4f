// Pure domain logic: no Nest, TypeORM or I/O imports. Each capability is a folder.
export * from './id-number';
export * from './draw';
export * from './scoring';
export * from './matching';
export * from './audit-chain';
export * from './eligibility';
