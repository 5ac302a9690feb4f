import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as Mediasoup from 'mediasoup';

/**
 * Where the mediasoup worker binary is: MEDIASOUP_WORKER_BIN, then the binary
 * mediasoup's own install downloads on a machine with internet, then the one
 * scripts/mediasoup-worker.sh builds into the per-machine cache.
 */
export function findWorkerBinary(configured: string | undefined): string {
  if (configured) {
    if (!fs.existsSync(configured))
      throw new Error(`MEDIASOUP_WORKER_BIN points to a missing file: ${configured}`);
    return configured;
  }
  const mediasoupDir = path.dirname(require.resolve('mediasoup/package.json'));
  const prebuilt = path.join(mediasoupDir, 'worker', 'out', 'Release', 'mediasoup-worker');
  if (fs.existsSync(prebuilt)) return prebuilt;
  const version = (
    JSON.parse(fs.readFileSync(path.join(mediasoupDir, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const cacheRoot = path.join(
    process.env.YUNZHAO_CACHE_DIR ??
      path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'yunzhao'),
    'mediasoup-worker',
  );
  const cached = fs.existsSync(cacheRoot)
    ? fs
        .readdirSync(cacheRoot)
        .filter((dir) => dir.startsWith(`${version}-${os.type()}-`))
        .map((dir) => path.join(cacheRoot, dir, 'mediasoup-worker'))
        .find((file) => fs.existsSync(file))
    : undefined;
  if (cached) return cached;
  throw new Error(
    'mediasoup worker binary not found: run `npm run mediasoup-worker` (builds it once) or set MEDIASOUP_WORKER_BIN',
  );
}

/**
 * mediasoup reads MEDIASOUP_WORKER_BIN once, when first required, so it is
 * loaded here, after the variable is set, and nowhere else.
 */
export function loadMediasoup(configuredBinary: string | undefined): typeof Mediasoup {
  process.env.MEDIASOUP_WORKER_BIN = findWorkerBinary(configuredBinary);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('mediasoup') as typeof Mediasoup;
}
