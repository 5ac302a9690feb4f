import 'reflect-metadata';
import { loadConfigOrExit } from '@yunzhao/config';
import { Logger } from 'nestjs-pino';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApiApp(config);
  await app.listen(config.api.port, config.host);
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.api.port}`;
  app.get(Logger).log(`api listening on ${url} (docs: ${url}/api/docs)`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `api failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
