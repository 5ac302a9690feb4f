// The real api, as production builds it, for the benchmark (started as a child process).
import 'reflect-metadata';
import { loadConfigOrExit } from '@yunzhao/config';
import type { AddressInfo } from 'node:net';
import { createApiApp } from '../../apps/api/src/bootstrap';

async function main(): Promise<void> {
  const app = await createApiApp(loadConfigOrExit());
  await app.listen(0, '127.0.0.1');
  process.stdout.write(`READY ${(app.getHttpServer().address() as AddressInfo).port}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench api failed: ${String(error)}\n`);
  process.exit(1);
});
