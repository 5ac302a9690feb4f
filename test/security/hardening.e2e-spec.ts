import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig, type AppConfig } from '@yunzhao/config';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import * as net from 'node:net';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createMediaApp } from '../../apps/media/src/bootstrap';
import { idNumber, TINY_PDF } from '../registration/fixtures';
import { launchBrowser } from '../support/browser';
import { TEST_ADMIN, testEnv } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login } from '../support/http';

/*
 * Hardening (issue 10): security headers, strict CORS, token handling, secrets from the
 * environment only, and no personal identifiers in the logs.
 *
 * Already tested elsewhere, so not repeated here:
 * - login lock-out per account and address, 429 with Retry-After:
 *   test/foundation/api.e2e-spec.ts "blocks an account and address after repeated failures";
 * - the registration rate limit per address, 429 with Retry-After:
 *   test/registration/bad-input.e2e-spec.ts "registration rate limit" (here: which address
 *   counts, directly and behind a load balancer);
 * - a garbage access token, refresh-token rotation and replay:
 *   test/foundation/api.e2e-spec.ts "tokens";
 * - room tokens signed with another secret, at the media node:
 *   test/foundation/media.e2e-spec.ts and test/room/closed-management.e2e-spec.ts;
 * - a missing or short JWT_SECRET (any NODE_ENV): test/foundation/config.e2e-spec.ts;
 * - document downloads with hostile file names (nosniff, an unbreakable Content-Disposition):
 *   test/security/fuzz.e2e-spec.ts.
 */

const root = path.resolve(__dirname, '../..');
const ALLOWED_ORIGIN = 'https://hr-portal.example.org';
const OTHER_ORIGIN = 'https://evil.example.net';

let db: TestDatabase;
let config: AppConfig;
let api: NestExpressApplication;
let media: NestExpressApplication;
let apiUrl: string;
let mediaUrl: string;
const http = () => request(api.getHttpServer());

beforeAll(async () => {
  db = await createTestDatabase();
  const env = testEnv(db.url, { MEDIA_WORKERS: '1', CORS_ORIGINS: ALLOWED_ORIGIN });
  // The media node first: its URL is what the api hands out, and so what the CSP must allow.
  media = await createMediaApp(loadConfig(env));
  await media.listen(0, '127.0.0.1');
  mediaUrl = (await media.getUrl()).replace('[::1]', '127.0.0.1');
  config = loadConfig({ ...env, MEDIA_PUBLIC_URL: mediaUrl });
  api = await createApiApp(config);
  await api.listen(0, '127.0.0.1');
  apiUrl = (await api.getUrl()).replace('[::1]', '127.0.0.1');
}, 90_000);

afterAll(async () => {
  await media?.close();
  await api?.close();
  await db?.drop();
});

/** `directive -> sources` of a Content-Security-Policy header. */
function parseCsp(header: string | undefined): Record<string, string[]> {
  expect(header).toBeDefined();
  const policy: Record<string, string[]> = {};
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) policy[name] = sources;
  }
  return policy;
}

/** What every api response carries, whatever it is. */
function expectHardened(headers: Record<string, string>): Record<string, string[]> {
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-powered-by']).toBeUndefined();
  expect(headers['permissions-policy']).toContain('camera=(self)');
  const csp = parseCsp(headers['content-security-policy']);
  expect(csp['frame-ancestors']).toEqual(["'none'"]);
  expect(csp['script-src']).toEqual(["'self'"]);
  expect(csp['object-src']).toEqual(["'none'"]);
  expect(headers['content-security-policy']).not.toContain('unsafe-eval');
  return csp;
}

describe('security headers', () => {
  it('are on JSON answers: success, 401 and 404 alike', async () => {
    const health = await http().get('/api/health').expect(200);
    expectHardened(health.headers);
    expect(health.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(health.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(health.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expectHardened((await http().get('/api/auth/me').expect(401)).headers);
    const missing = await http().get('/api/no-such-route').expect(404);
    const csp = expectHardened(missing.headers);
    // The app's policy: no inline styles or scripts anywhere outside Swagger UI.
    expect(csp['style-src']).toEqual(["'self'"]);
  });

  it('are on the web app, whose policy lets it reach the media node over http and ws', async () => {
    const page = await http().get('/login').set('Accept', 'text/html').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<div id="root">');
    const csp = expectHardened(page.headers);
    const mediaOrigin = new URL(mediaUrl).origin;
    expect(csp['connect-src']).toEqual(["'self'", mediaOrigin, mediaOrigin.replace(/^http/, 'ws')]);
    expect(csp['media-src']).toEqual(["'self'", 'blob:']);
    expect(csp['style-src']).toEqual(["'self'"]);
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp).not.toHaveProperty('upgrade-insecure-requests');

    const script = /src="(\/assets\/index-[^"]+\.js)"/.exec(page.text)?.[1];
    expect(script).toBeDefined();
    const asset = await http().get(script!).expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expectHardened(asset.headers);
  });

  it('are on document downloads', async () => {
    const account = '13700137000';
    await http()
      .post('/api/registration')
      .send({ account, password: 'candidate-pass-123' })
      .expect(201);
    const candidate = await login(api, account, 'candidate-pass-123');
    const uploaded = await http()
      .post('/api/documents')
      .set('Authorization', `Bearer ${candidate.accessToken}`)
      .field('kind', 'id_card')
      .attach('file', TINY_PDF, { filename: 'id.pdf', contentType: 'application/pdf' })
      .expect(201);
    const download = await http()
      .get(`/api/documents/${uploaded.body.id}/content`)
      .set('Authorization', `Bearer ${candidate.accessToken}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    expectHardened(download.headers);
  });

  it('loosen only for Swagger UI, which gets inline styles but still no inline or eval script', async () => {
    const docs = await http().get('/api/docs').expect(200);
    const csp = expectHardened(docs.headers);
    expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    const initScript = await http().get('/api/docs/swagger-ui-init.js').expect(200);
    expectHardened(initScript.headers);
    const json = await http().get('/api/docs-json').expect(200);
    expect(parseCsp(json.headers['content-security-policy'])['style-src']).toEqual(["'self'"]);
  });

  it('are on the media node too (its HTTP side is JSON only)', async () => {
    const health = await request(media.getHttpServer()).get('/health');
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['x-frame-options']).toBe('DENY');
    expect(health.headers['x-powered-by']).toBeUndefined();
    expect(parseCsp(health.headers['content-security-policy'])['default-src']).toEqual(["'none'"]);
  });
});

describe('the policy in Chromium', () => {
  let browser: BrowserContext;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** A page that records every CSP violation (listener installed before any page script). */
  async function watchedPage(): Promise<{ page: Page; violations: () => Promise<string[]> }> {
    const page = await browser.newPage();
    // As a string: it runs in the page, before any of the page's own scripts.
    await page.addInitScript({
      content: `window.__csp = [];
        document.addEventListener('securitypolicyviolation', (event) =>
          window.__csp.push(event.effectiveDirective + ' ' + event.blockedURI));`,
    });
    return {
      page,
      violations: () => page.evaluate<string[]>('window.__csp'),
    };
  }

  it('lets the app sign in and navigate with no violation, and reach the media node', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${apiUrl}/login`);
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await page.getByLabel('用户名').fill(TEST_ADMIN.username);
    await page.getByLabel('密码').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('link', { name: '用户管理' }).first().click();
    await page.waitForURL(/\/admin|\/users/);
    expect(await violations()).toEqual([]);

    // Signaling to the media node the api hands out is allowed (its WebSocket transport)...
    const mediaWs = `${mediaUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const opened = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(url);
          socket.onopen = () => {
            socket.close();
            resolve('open');
          };
          socket.onerror = () => resolve('error');
        }),
      mediaWs,
    );
    expect(opened).toBe('open');
    // ...and any other origin is not: the policy is really enforced.
    const blocked = await page.evaluate(() =>
      fetch('http://127.0.0.1:9/exfiltrate').then(
        () => 'sent',
        () => 'blocked',
      ),
    );
    expect(blocked).toBe('blocked');
    expect(await violations()).toEqual(['connect-src http://127.0.0.1:9/exfiltrate']);
    await page.close();
  });

  it('renders Swagger UI with no violation', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${apiUrl}/api/docs`);
    await page.locator('.swagger-ui .info .title').waitFor();
    expect(await page.locator('.swagger-ui .info .title').textContent()).toContain('云招');
    await page.locator('.opblock').first().waitFor();
    expect(await violations()).toEqual([]);
    await page.close();
  });
});

describe('CORS', () => {
  const preflight = (target: request.Agent | ReturnType<typeof request>, origin: string) =>
    (target as ReturnType<typeof request>)
      .options('/api/auth/login')
      .set('Origin', origin)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type,authorization');

  it('answers a preflight from an origin not configured without any Allow-Origin', async () => {
    const response = await preflight(http(), OTHER_ORIGIN);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    const simple = await http().get('/api/health').set('Origin', OTHER_ORIGIN).expect(200);
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows a configured origin, without credentials (tokens are bearer headers, not cookies)', async () => {
    const response = await preflight(http(), ALLOWED_ORIGIN).expect(204);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    const session = await http()
      .post('/api/auth/login')
      .set('Origin', ALLOWED_ORIGIN)
      .send(TEST_ADMIN)
      .expect(200);
    expect(session.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(session.headers['set-cookie']).toBeUndefined();
  });

  it('holds at the media node signaling too', async () => {
    const handshake = (origin: string) =>
      request(mediaUrl).get('/socket.io/?EIO=4&transport=polling').set('Origin', origin);
    const other = await handshake(OTHER_ORIGIN);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const allowed = await handshake(ALLOWED_ORIGIN).expect(200);
    expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
  });
});

describe('rate limits behind a load balancer', () => {
  /** Another api on the same database, with its own Redis counters. */
  async function withApi(
    extra: Record<string, string>,
    work: (app: NestExpressApplication) => Promise<void>,
  ): Promise<void> {
    const app = await createApiApp(
      loadConfig(testEnv(db.url, { REGISTRATION_MAX_PER_IP: '1', ...extra })),
    );
    try {
      await work(app);
    } finally {
      await app.close();
    }
  }
  const register = (app: NestExpressApplication, account: string, forwardedFor: string) =>
    request(app.getHttpServer())
      .post('/api/registration')
      .set('X-Forwarded-For', forwardedFor)
      .send({ account, password: 'candidate-pass-123' });

  it('reached directly, ignore X-Forwarded-For: a forged one does not reset the count', async () => {
    await withApi({}, async (app) => {
      await register(app, '13600136001', '203.0.113.1').expect(201);
      const blocked = await register(app, '13600136002', '203.0.113.2').expect(429);
      expect(blocked.body.code).toBe('AUTH_TOO_MANY_ATTEMPTS');
    });
  });

  it('with TRUST_PROXY_HOPS=1, count each client the balancer forwards, not the balancer', async () => {
    await withApi({ TRUST_PROXY_HOPS: '1' }, async (app) => {
      await register(app, '13600136003', '203.0.113.1').expect(201);
      await register(app, '13600136004', '203.0.113.2').expect(201);
      // A client prepending its own X-Forwarded-For gets nowhere: the balancer's entry counts.
      await register(app, '13600136005', '198.51.100.7, 203.0.113.1').expect(429);
    });
  });
});

describe('tokens', () => {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  function token(header: object, claims: object, key?: string, hmac = 'sha256'): string {
    const body = `${b64(header)}.${b64(claims)}`;
    return `${body}.${key ? createHmac(hmac, key).update(body).digest('base64url') : ''}`;
  }
  const now = () => Math.floor(Date.now() / 1000);
  const me = (bearer: string) =>
    http().get('/api/auth/me').set('Authorization', `Bearer ${bearer}`);

  it('are signed HS256, and a forged alg "none" or wrong-key token is refused with 401', async () => {
    const session = await login(api);
    const [header] = session.accessToken.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({
      alg: 'HS256',
      typ: 'JWT',
    });
    const claims = {
      sub: session.user.id,
      username: TEST_ADMIN.username,
      roles: ['admin'],
      typ: 'access',
      iss: 'yunzhao',
      iat: now(),
      exp: now() + 600,
    };
    // The control: the very same claims, signed as the api signs, are accepted...
    await me(token({ alg: 'HS256', typ: 'JWT' }, claims, config.auth.jwtSecret)).expect(200);
    // ...so the refusals below are about the signature alone.
    for (const forged of [
      token({ alg: 'none', typ: 'JWT' }, claims),
      token({ alg: 'HS256', typ: 'JWT' }, claims, 'another-secret-of-enough-length-0123456789'),
      token({ alg: 'HS256', typ: 'JWT' }, { ...claims, roles: ['admin', 'hr'] }, undefined),
      // The right key but another algorithm: verification is pinned to HS256.
      token({ alg: 'HS512', typ: 'JWT' }, claims, config.auth.jwtSecret, 'sha512'),
    ]) {
      const refused = await me(forged).expect(401);
      expect(refused.body.code).toBe('UNAUTHENTICATED');
    }
  });

  it('an unsigned (alg "none") room token is refused by the media node', async () => {
    const forged = token(
      { alg: 'none', typ: 'JWT' },
      {
        typ: 'room',
        sub: 'u1',
        sid: 's1',
        role: 'chief_examiner',
        name: 'chief',
        device: 'main',
        windowStart: now(),
        windowEnd: now() + 3600,
        iss: 'yunzhao',
        exp: now() + 600,
      },
    );
    const socket = io(mediaUrl, {
      auth: { token: forged, sessionId: 's1' },
      transports: ['websocket'],
      reconnection: false,
    });
    const outcome = await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error) => resolve(error.message));
    });
    socket.close();
    expect(outcome).toBe('UNAUTHENTICATED');
  });
});

describe('secrets come from the environment only', () => {
  /** The api's real entry point in production mode; it stops at the config check. */
  function startProduction(env: Record<string, string>) {
    const run = spawnSync(
      process.execPath,
      ['-r', './scripts/ts-register.js', 'apps/api/src/main.ts'],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'production',
          QUESTION_BANK_KEY: 'ab'.repeat(32),
          DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
          ...env,
        },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    return { code: run.status, stderr: run.stderr };
  }

  it.each([
    ['missing', {}, /JWT_SECRET is required/],
    ['a repeated character', { JWT_SECRET: 'x'.repeat(40) }, /JWT_SECRET looks like a placeholder/],
    [
      'a sample value',
      { JWT_SECRET: 'changeme-please-changeme-please-0000' },
      /JWT_SECRET looks like a placeholder/,
    ],
  ])('a JWT_SECRET that is %s stops a production api at boot, saying why', (_, env, reason) => {
    const run = startProduction(env as Record<string, string>);
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: /);
    expect(lines[0]).toMatch(reason);
    const secret = (env as Record<string, string>).JWT_SECRET;
    if (secret) expect(run.stderr).not.toContain(secret);
  });
});

describe('personal identifiers in the logs', () => {
  let child: ChildProcess | undefined;
  let logDb: TestDatabase | undefined;
  let output = '';

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await logDb?.drop();
  });

  async function freePort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  it('never carry a full ID number or phone number, whatever the request did', async () => {
    logDb = await createTestDatabase();
    const port = await freePort();
    // The real entry point, logging everything it would (trace) to a captured stdout.
    child = spawn(process.execPath, ['-r', './scripts/ts-register.js', 'apps/api/src/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        ...testEnv(logDb.url, { LOG_LEVEL: 'trace', PORT: String(port) }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 90_000;
    while (!output.includes('api listening on')) {
      if (child.exitCode !== null) throw new Error(`api exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`api did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const base = `http://127.0.0.1:${port}`;
    const phone = '13912345678';
    const id = idNumber('19950312', '017');
    const password = 'candidate-pass-123';
    const call = (method: string, url: string, body?: object, bearer?: string) =>
      fetch(`${base}${url}`, {
        method,
        headers: {
          'Content-Type': 'application/json',
          ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });

    expect((await call('POST', '/api/registration', { account: phone, password })).status).toBe(
      201,
    );
    expect((await call('POST', '/api/registration', { account: phone, password })).status).toBe(
      409,
    );
    expect(
      (await call('POST', '/api/auth/login', { username: phone, password: 'wrong-password' }))
        .status,
    ).toBe(401);
    const session = (await (
      await call('POST', '/api/auth/login', { username: phone, password })
    ).json()) as { accessToken: string };
    const wrongCheck = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    expect(
      (
        await call(
          'PUT',
          '/api/profile',
          { fullName: '王五', idNumber: wrongCheck },
          session.accessToken,
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await call(
          'PUT',
          '/api/profile',
          { fullName: '王五', idNumber: id, phone, unexpected: id },
          session.accessToken,
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await call(
          'PUT',
          '/api/profile',
          { fullName: '王五', idNumber: id, phone },
          session.accessToken,
        )
      ).status,
    ).toBe(200);
    const mine = (await (
      await call('GET', '/api/profile', undefined, session.accessToken)
    ).json()) as { profile: { idNumber: string }; account: string };
    expect(mine).toMatchObject({ profile: { idNumber: id }, account: phone });

    // Let the last request lines reach stdout.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const lines = output.split('\n').filter((line) => line.startsWith('{'));
    const entries = lines.map(
      (line) => JSON.parse(line) as { req?: { method: string; url: string } },
    );
    // The capture saw the traffic (so the absence below means something).
    const logged = entries.filter((entry) => entry.req?.url === '/api/profile');
    expect(logged.map((entry) => entry.req!.method)).toEqual(
      expect.arrayContaining(['PUT', 'GET']),
    );
    expect(entries.some((entry) => entry.req?.url === '/api/registration')).toBe(true);

    expect(output).not.toContain(id);
    expect(output).not.toContain(wrongCheck);
    expect(output).not.toContain(phone);
    expect(output).not.toContain(password);
    expect(output).not.toContain(session.accessToken);
  }, 150_000);
});
