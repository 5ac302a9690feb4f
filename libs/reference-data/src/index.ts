export * from './bundled';
export * from './csv';
export * from './reference-data.entity';
export * from './reference-data.module';
export * from './reference-data.service';
export * from './plain-text';
