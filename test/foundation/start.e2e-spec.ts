import { ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { TEST_ADMIN, testEnv } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';

// What `npm start` runs after set-up: the built apps under scripts/launch.js.
const root = path.resolve(__dirname, '../..');
let db: TestDatabase;
let launcher: ChildProcess;
let output = '';
let browser: BrowserContext;
const ports: Record<'api' | 'media' | 'worker', number> = { api: 0, media: 0, worker: 0 };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function waitFor(pattern: RegExp, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}; output so far:\n${output}`)),
      ms,
    );
    const check = () => {
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve();
      } else if (launcher.exitCode !== null) {
        clearTimeout(timer);
        reject(new Error(`launcher exited (${launcher.exitCode}):\n${output}`));
      } else setTimeout(check, 100);
    };
    check();
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  for (const app of Object.keys(ports) as (keyof typeof ports)[]) ports[app] = await freePort();
  launcher = spawn(process.execPath, ['scripts/launch.js'], {
    cwd: root,
    env: {
      ...process.env,
      ...testEnv(db.url, {
        LOG_LEVEL: 'info',
        PORT: String(ports.api),
        MEDIA_PORT: String(ports.media),
        WORKER_PORT: String(ports.worker),
      }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  launcher.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  launcher.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(/yunzhao is running/, 60_000);
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (launcher && launcher.exitCode === null) launcher.kill('SIGKILL');
  await db?.drop();
});

describe('npm start', () => {
  it('prints where everything is', () => {
    expect(output).toContain(`web app       http://127.0.0.1:${ports.api}/`);
    expect(output).toContain(`API docs      http://127.0.0.1:${ports.api}/api/docs`);
    expect(output).toContain(`media health  http://127.0.0.1:${ports.media}/health`);
  });

  it('brings up the api with Postgres and Redis', async () => {
    const response = await fetch(`http://127.0.0.1:${ports.api}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', db: 'up', redis: 'up' });
  });

  it('brings up the media node with live mediasoup workers', async () => {
    const response = await fetch(`http://127.0.0.1:${ports.media}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { workers: { pid: number }[] };
    expect(body.workers.length).toBeGreaterThanOrEqual(1);
    for (const worker of body.workers) expect(() => process.kill(worker.pid, 0)).not.toThrow();
  });

  it('brings up the worker', async () => {
    const response = await fetch(`http://127.0.0.1:${ports.worker}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', redis: 'up' });
  });

  it('writes structured JSON logs', () => {
    const apiLines = output.split('\n').filter((line) => line.startsWith('[api] {'));
    expect(apiLines.length).toBeGreaterThan(0);
    const entry = JSON.parse(apiLines[0].slice('[api] '.length)) as Record<string, unknown>;
    expect(entry).toMatchObject({ app: 'api', level: expect.any(Number), msg: expect.any(String) });
  });

  it('serves the web app, which shows the zh-CN login page in Chromium', async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${ports.api}/`);
    await page.waitForURL(/\/login/);
    await expect(page.getByRole('heading', { name: '登录' }).isVisible()).resolves.toBe(true);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.title()).toContain('云招');
    await expect(page.getByLabel('用户名').isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('密码').isVisible()).resolves.toBe(true);
    // Candidates find their way to self-registration from here.
    await page.getByRole('link', { name: '还没有账号？考生注册' }).click();
    await page.waitForURL(/\/register$/);
    await page.close();
  });

  it('lets the administrator sign in through the page, see their navigation, and switch to English', async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${ports.api}/login`);
    await page.getByLabel('用户名').fill(TEST_ADMIN.username);
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('用户名或密码错误');

    await page.getByLabel('密码').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('link', { name: '用户管理' }).first().waitFor();
    // An administrator sees admin entries only, not the candidate's.
    expect(await page.getByRole('link', { name: '我的报名' }).count()).toBe(0);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'User management' }).first().waitFor();
    await page.close();
  });

  it('shuts everything down cleanly on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) =>
      launcher.once('exit', (code) => resolve(code)),
    );
    launcher.kill('SIGINT');
    expect(await exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${ports.api}/api/health`)).rejects.toThrow();
  });
});
