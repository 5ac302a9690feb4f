export * from './session-timeline-entry.entity';
export * from './timeline.module';
export * from './timeline.service';
