// Environment shared by every e2e spec: quiet logs and a per-run secret.
import { randomBytes } from 'node:crypto';

process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';
process.env.JWT_SECRET ??= randomBytes(32).toString('hex');
