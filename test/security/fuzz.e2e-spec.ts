import type { NestExpressApplication } from '@nestjs/platform-express';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { launchBrowser } from '../support/browser';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { HTTP_TABLE } from './authorization-table';
import { INJECTIONS, junkBody, junkString, prng } from './fuzz';
import { fillPath, servedRoutes, ServedRoute } from './routes';
import { buildWorld, tokenOf, Who, World } from './world';

/**
 * Malformed input to every route (path parameters, query and body), generated from a fixed
 * seed: no 500s, the app stays up, no prototype pollution, and injection strings that are
 * stored come back verbatim and never execute in the web app.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const BUDGET_MS = 60_000;
let db: TestDatabase;
let app: NestExpressApplication;
let world: World;
let baseUrl: string;
const recordingDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhao-sec-fuzz-'));

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string }[];
        requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
      }
    >
  >;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}
let openApi: OpenApi;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(testConfig(db.url, { RECORDING_DIR: recordingDir }));
  await app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  world = await buildWorld(app, db, recordingDir, 'fz');
  openApi = (await request(app.getHttpServer()).get('/api/docs-json').expect(200)).body as OpenApi;
}, 180_000);

afterAll(async () => {
  await app?.close();
  await db?.drop();
  world?.cleanup();
  fs.rmSync(recordingDir, { recursive: true, force: true });
});

/** A lone surrogate cannot be put in a URL at all; a client sends U+FFFD instead. */
const wellFormed = (text: string) =>
  text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/** The OpenAPI operation of an Express route (":id" → "{id}"). */
function operationOf(route: ServedRoute) {
  const key = route.path.replace(/:(\w+)/g, '{$1}');
  return openApi.paths[key]?.[route.method.toLowerCase()];
}

function bodyFields(route: ServedRoute): string[] {
  const content = operationOf(route)?.requestBody?.content ?? {};
  const ref = Object.values(content)[0]?.schema?.$ref;
  const name = ref?.split('/').pop();
  return Object.keys((name && openApi.components.schemas[name]?.properties) ?? {});
}

function queryNames(route: ServedRoute): string[] {
  return (operationOf(route)?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
}

/** Someone the route lets in, so the input reaches validation and the handler. */
function callerFor(route: ServedRoute): Who {
  const allow = HTTP_TABLE[route.key]?.allow ?? [];
  return (
    (['admin', 'hr', 'chief', 'supervisor', 'candidate'] as Who[]).find((w) => allow.includes(w)) ??
    allow[0] ??
    'anon'
  );
}

describe('malformed input to every route', () => {
  it(`never answers 500 (seed ${SEED}, ≤ ${BUDGET_MS / 1000} s)`, async () => {
    const random = prng(SEED);
    const routes = servedRoutes(app)
      .filter((r) => HTTP_TABLE[r.key] && !r.path.startsWith('/api/docs'))
      .sort((a, b) => a.key.localeCompare(b.key));
    // Deleting calls run with junk ids only, so the world stays usable for the later checks.
    const failures: string[] = [];
    const started = Date.now();
    let sent = 0;
    for (let round = 0; Date.now() - started < BUDGET_MS || round < 2; round++) {
      for (const route of routes) {
        if (round >= 2 && Date.now() - started > BUDGET_MS) break;
        const rule = HTTP_TABLE[route.key];
        const junkPath = round % 2 === 1 || route.method === 'DELETE';
        let url = junkPath
          ? route.path.replace(/:(\w+)/g, () => encodeURIComponent(wellFormed(junkString(random))))
          : fillPath(route, rule, world);
        const query = queryNames(route).length ? queryNames(route) : ['q'];
        url += `?${query.map((q) => `${q}=${encodeURIComponent(wellFormed(junkString(random)))}`).join('&')}`;
        const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
        const body = junkBody(random, bodyFields(route));
        let call = request(app.getHttpServer())[method](url);
        const token = tokenOf(world, callerFor(route));
        if (token) call = call.set('Authorization', `Bearer ${token}`);
        if (method !== 'get') {
          // Now and then a body that is not JSON at all.
          if (random() < 0.1) call = call.set('Content-Type', 'application/json').send('{"a":');
          else call = call.set('Content-Type', 'application/json').send(JSON.stringify(body));
        }
        const response = await call;
        sent++;
        if (response.status >= 500)
          failures.push(
            `seed ${SEED} round ${round}: ${route.method} ${url.slice(0, 200)} body ${(JSON.stringify(body) ?? '').slice(0, 300)} → ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`,
          );
      }
    }
    expect(sent).toBeGreaterThan(routes.length);
    expect(failures).toEqual([]);
    // Prototype pollution would show on every object of the (in-process) api.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await request(app.getHttpServer()).get('/api/health').expect(200);
    await request(app.getHttpServer())
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${tokenOf(world, 'admin')}`)
      .expect(200);
  }, 180_000);
});

describe('stored injection strings', () => {
  let browser: BrowserContext | undefined;
  afterAll(async () => browser?.close());

  it('are stored and returned verbatim, and never execute in the web app', async () => {
    const candidate = world.users.otherCandidate;
    const name = INJECTIONS[3]; // <img src=x onerror="window.__pwned=1">
    const put = await request(app.getHttpServer())
      .put('/api/profile')
      .set('Authorization', `Bearer ${candidate.token}`)
      .send({
        fullName: name,
        idNumber: '37150219900101001X',
        phone: '13800138000',
      });
    // Whatever the profile's other rules say, the name must never be a 500.
    expect(put.status).toBeLessThan(500);
    const sql = INJECTIONS[1];
    const displayName = `${name}${sql}`.slice(0, 64);
    const created = await request(app.getHttpServer())
      .post('/api/users')
      .set('Authorization', `Bearer ${world.users.admin.token}`)
      .send({
        username: 'fz_xss',
        displayName,
        password: 'fz-xss-password-1',
        roles: ['candidate'],
      })
      .expect(201);
    expect(created.body.displayName).toBe(displayName);
    const session = (
      await request(app.getHttpServer())
        .post('/api/auth/login')
        .send({ username: 'fz_xss', password: 'fz-xss-password-1' })
        .expect(200)
    ).body as { accessToken: string; refreshToken: string };
    const me = await request(app.getHttpServer())
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${session.accessToken}`)
      .expect(200);
    expect(me.body.displayName).toBe(displayName);
    // The users table is still there after the SQL string went through.
    await request(app.getHttpServer())
      .get('/api/users')
      .set('Authorization', `Bearer ${world.users.admin.token}`)
      .expect(200);

    browser = await launchBrowser({ locale: 'en' });
    const page = await browser.newPage();
    await page.addInitScript({
      content: `sessionStorage.setItem('yunzhao.accessToken', ${JSON.stringify(session.accessToken)});
        sessionStorage.setItem('yunzhao.refreshToken', ${JSON.stringify(session.refreshToken)});`,
    });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${baseUrl}/`);
    // The header shows the display name as text once the page has loaded the account.
    await page.locator('.user-name', { hasText: 'onerror' }).first().waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
  }, 120_000);
});
