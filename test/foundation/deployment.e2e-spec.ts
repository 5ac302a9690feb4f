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
  ports?: string[];
  deploy?: { replicas?: number | string };
}

describe('docker deployment files', () => {
  const compose = parse(read('docker/compose.yaml'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  const dockerfile = read('docker/Dockerfile');
  // Each media node is its own service (its own public URL, RTC ports and announced IP).
  const mediaNodes = Object.keys(compose.services).filter((name) => /^media-\d+$/.test(name));
  const apps = ['api', 'worker', ...mediaNodes];

  it('runs postgres, redis, a load balancer, the replicated api and worker, and two or more media nodes', () => {
    expect(
      Object.keys(compose.services)
        .filter((name) => !mediaNodes.includes(name))
        .sort(),
    ).toEqual(['api', 'lb', 'postgres', 'redis', 'worker']);
    expect(mediaNodes.length).toBeGreaterThanOrEqual(2);
    for (const name of ['api', 'worker']) {
      expect(compose.services[name].deploy?.replicas).toBeDefined();
    }
  });

  it.each(apps)(
    'builds the %s service from a Dockerfile target that starts the built app',
    (name) => {
      const app = name.replace(/-\d+$/, '');
      expect(compose.services[name].build?.target).toBe(app);
      const target = new RegExp(
        `FROM runtime AS ${app}[\\s\\S]*?CMD \\["node", "(dist/apps/${app}/src/main\\.js)"\\]`,
      ).exec(dockerfile);
      expect(target).not.toBeNull();
      // The path the image runs is the one `npm run build` produces.
      expect(fs.existsSync(path.join(root, `apps/${app}/src/main.ts`))).toBe(true);
    },
  );

  it('only sets environment variables the apps actually read', () => {
    const known = configVariables();
    for (const name of apps) {
      for (const variable of Object.keys(compose.services[name].environment ?? {})) {
        expect({ service: name, variable, known: known.has(variable) }).toEqual({
          service: name,
          variable,
          known: true,
        });
      }
    }
  });

  it('publishes each media node RTC port range it configures, without overlaps', () => {
    const ranges: [number, number][] = [];
    for (const name of mediaNodes) {
      const env = compose.services[name].environment ?? {};
      const ports = compose.services[name].ports ?? [];
      expect(ports).toContain(
        `${env.MEDIA_RTC_MIN_PORT}-${env.MEDIA_RTC_MAX_PORT}:${env.MEDIA_RTC_MIN_PORT}-${env.MEDIA_RTC_MAX_PORT}/udp`,
      );
      ranges.push([Number(env.MEDIA_RTC_MIN_PORT), Number(env.MEDIA_RTC_MAX_PORT)]);
    }
    ranges.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBeGreaterThan(ranges[i - 1][1]);
  });

  it('gives every media node its own id, signaling port, public URL and announced IP', () => {
    const seen = { id: new Set<string>(), port: new Set<string>(), url: new Set<string>() };
    for (const name of mediaNodes) {
      const env = compose.services[name].environment ?? {};
      expect(env.MEDIA_ANNOUNCED_IP).toBeTruthy();
      seen.id.add(env.MEDIA_NODE_ID);
      seen.port.add(env.MEDIA_PORT);
      seen.url.add(env.MEDIA_NODE_PUBLIC_URL);
      expect(env.MEDIA_NODE_PUBLIC_URL).toContain(`:${env.MEDIA_PORT}`);
      expect(compose.services[name].ports).toContain(`${env.MEDIA_PORT}:${env.MEDIA_PORT}`);
    }
    for (const values of Object.values(seen)) expect(values.size).toBe(mediaNodes.length);
  });
});
