export * from './recording.entity';
