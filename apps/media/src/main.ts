import 'reflect-metadata';
import { loadConfigOrExit } from '@yunzhao/config';
import { Logger } from 'nestjs-pino';
import { createMediaApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createMediaApp(config);
  await app.listen(config.media.port, config.host);
  app
    .get(Logger)
    .log(
      `media node listening on http://${config.host}:${config.media.port} (health: /health, signaling: /socket.io)`,
    );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `media failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
