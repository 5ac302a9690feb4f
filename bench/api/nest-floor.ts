// The framework floor: the baseline's exact work (same statement, no auth, validation, logging
// or verdict) inside a bare NestJS 11 app on Express, the stack the api is built on. What it
// loses against the baseline is what the framework alone costs, before any of our code runs.
import 'reflect-metadata';
import { Body, ConflictException, Controller, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { BaselineSubmission, insertApplication } from './baseline-insert';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });

@Controller('applications')
class FloorController {
  @Post()
  async submit(@Body() body: BaselineSubmission): Promise<{ id: string }> {
    const id = await insertApplication(pool, body);
    if (id === null) throw new ConflictException({ code: 'APPLICATION_EXISTS' });
    return { id };
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(FloorModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  process.stdout.write(`READY ${(app.getHttpServer().address() as AddressInfo).port}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`nest floor failed: ${String(error)}\n`);
  process.exit(1);
});
