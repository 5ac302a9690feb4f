// The minimal baseline: plain fastify + pg doing the same insert (application
// row plus its history row, same tables), with no auth, validation or verdict.
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { BaselineSubmission, insertApplication } from './baseline-insert';

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
  const app = Fastify({ logger: false });
  app.post<{ Body: BaselineSubmission }>('/applications', async (request, reply) => {
    const id = await insertApplication(pool, request.body);
    if (id === null) return reply.code(409).send({ code: 'APPLICATION_EXISTS' });
    return reply.code(201).send({ id });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`READY ${(app.server.address() as AddressInfo).port}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`baseline failed: ${String(error)}\n`);
  process.exit(1);
});
