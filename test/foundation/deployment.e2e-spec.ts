import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

// There is no Docker engine on the development machines, so the deployment
// files are checked by reading them against the code they deploy.
const root = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** Every variable name libs/config reads. */
function configVariables(): Set<string> {
  const names = [...read('libs/config/src/env.ts').matchAll(/read\.\w+\(\s*'([A-Z0-9_]+)'/g)].map(
    (m) => m[1],
  );
  return new Set(names);
}

interface ComposeService {
  build?: { target?: string };
  environment?: Record<string, string>;
}

describe('docker deployment files', () => {
  const compose = parse(read('docker/compose.yaml'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  const dockerfile = read('docker/Dockerfile');

  it('runs postgres, redis and the three apps', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'api',
      'media',
      'postgres',
      'redis',
      'worker',
    ]);
  });

  it.each(['api', 'media', 'worker'])(
    'builds the %s service from a Dockerfile target that starts the built app',
    (name) => {
      expect(compose.services[name].build?.target).toBe(name);
      const target = new RegExp(
        `FROM runtime AS ${name}[\\s\\S]*?CMD \\["node", "(dist/apps/${name}/src/main\\.js)"\\]`,
      ).exec(dockerfile);
      expect(target).not.toBeNull();
      // The path the image runs is the one `npm run build` produces.
      expect(fs.existsSync(path.join(root, `apps/${name}/src/main.ts`))).toBe(true);
    },
  );

  it('only sets environment variables the apps actually read', () => {
    const known = configVariables();
    for (const name of ['api', 'media', 'worker']) {
      for (const variable of Object.keys(compose.services[name].environment ?? {})) {
        expect({ service: name, variable, known: known.has(variable) }).toEqual({
          service: name,
          variable,
          known: true,
        });
      }
    }
  });

  it('publishes the media node RTC port range it configures', () => {
    const env = compose.services.media.environment ?? {};
    const ports = (compose.services.media as { ports?: string[] }).ports ?? [];
    expect(ports).toContain(
      `${env.MEDIA_RTC_MIN_PORT}-${env.MEDIA_RTC_MAX_PORT}:${env.MEDIA_RTC_MIN_PORT}-${env.MEDIA_RTC_MAX_PORT}/udp`,
    );
  });
});
