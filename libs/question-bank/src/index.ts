export * from './bank-content';
export * from './bank-xlsx';
export * from './content-crypto';
export * from './question-bank.entity';
export * from './question-bank.module';
export * from './question-bank.service';
export * from './question-draw.service';
export * from './room-events.service';
