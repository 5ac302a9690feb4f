#!/usr/bin/env node
// Runs the built api, media and worker apps side by side in the foreground,
// prints where they are once they are healthy, and shuts all three down
// cleanly on Ctrl-C (or when one of them dies). The api starts first: it
// migrates the database, which the media node and the worker read at boot.
const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');

const root = path.resolve(__dirname, '..');
const host = process.env.HOST || '127.0.0.1';
const shown = host === '0.0.0.0' ? '127.0.0.1' : host;
const apps = [
  {
    name: 'api',
    entry: 'dist/apps/api/src/main.js',
    health: `http://${shown}:${process.env.PORT || 3000}/api/health`,
  },
  {
    name: 'media',
    entry: 'dist/apps/media/src/main.js',
    health: `http://${shown}:${process.env.MEDIA_PORT || 3100}/health`,
  },
  {
    name: 'worker',
    entry: 'dist/apps/worker/src/main.js',
    health: `http://${shown}:${process.env.WORKER_PORT || 3200}/health`,
  },
];

let stopping = false;
const children = [];

function launch(app) {
  const child = spawn(process.execPath, [path.join(root, app.entry)], {
    cwd: root,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    readline
      .createInterface({ input: stream })
      .on('line', (line) => process.stdout.write(`[${app.name}] ${line}\n`));
  }
  child.on('exit', (code, signal) => {
    app.exited = true;
    if (!stopping) {
      console.error(`[launch] ${app.name} exited (${signal || code}); stopping the others`);
      stop(1);
    } else if (apps.every((a) => a.exited || !a.launched)) {
      process.exit(process.exitCode || 0);
    }
  });
  app.launched = true;
  children.push(child);
}

function stop(code) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    process.exit(code);
  }, 10_000).unref();
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function waitHealthy(url, deadline) {
  while (Date.now() < deadline && !stopping) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return false;
}

(async () => {
  const deadline = Date.now() + 60_000;
  const [api, ...others] = apps;
  launch(api);
  const apiHealthy = await waitHealthy(api.health, deadline);
  if (stopping) return;
  if (apiHealthy) others.forEach(launch);
  const healthy = [
    apiHealthy,
    ...(await Promise.all(others.map((app) => apiHealthy && waitHealthy(app.health, deadline)))),
  ];
  if (stopping) return;
  if (!healthy.every(Boolean)) {
    console.error(
      `[launch] not healthy within 60 s: ${apps
        .filter((_, i) => !healthy[i])
        .map((a) => a.name)
        .join(', ')}`,
    );
    return stop(1);
  }
  const web = `http://${shown}:${process.env.PORT || 3000}/`;
  console.log(
    [
      '',
      '云招 yunzhao is running:',
      `  web app       ${web}`,
      `  API docs      ${web}api/docs`,
      `  api health    ${apps[0].health}`,
      `  media health  ${apps[1].health}`,
      `  worker health ${apps[2].health}`,
      `  administrator ${process.env.ADMIN_USERNAME || 'admin'} (password: ADMIN_PASSWORD, or var/admin-password on a local start)`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
})();
