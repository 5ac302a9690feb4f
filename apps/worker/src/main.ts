import 'reflect-metadata';
import { loadConfigOrExit } from '@yunzhao/config';
import { Logger } from 'nestjs-pino';
import { createWorkerApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createWorkerApp(config);
  await new Promise<void>((resolve) => app.health.listen(config.worker.port, config.host, resolve));
  app.context
    .get(Logger)
    .log(`worker running (health: http://${config.host}:${config.worker.port}/health)`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void app.close().then(() => process.exit(0)));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
