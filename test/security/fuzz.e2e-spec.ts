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
import { ELF_BYTES, TINY_PDF, TINY_PNG } from '../registration/fixtures';
import { makeUser, TestUser } from '../support/http';
import { INJECTIONS, junkBody, junkString, multipart, MultipartPart, prng } from './fuzz';
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
const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhao-sec-fuzz-storage-'));
/** Small limits, so an oversized upload is cheap to send. */
const UPLOAD_MAX_BYTES = 64 * 1024;
const QUESTION_IMPORT_MAX_BYTES = 32 * 1024;

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
  app = await createApiApp(
    testConfig(db.url, {
      RECORDING_DIR: recordingDir,
      STORAGE_DIR: storageDir,
      UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES),
      QUESTION_IMPORT_MAX_BYTES: String(QUESTION_IMPORT_MAX_BYTES),
    }),
  );
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
  fs.rmSync(storageDir, { recursive: true, force: true });
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

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('uploads', () => {
  let uploader: TestUser;
  const post = (route: string, token: string, parts: MultipartPart[]) => {
    const { contentType, body } = multipart(parts);
    return request(app.getHttpServer())
      .post(route)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', contentType)
      .send(body);
  };
  const upload = (parts: MultipartPart[]) => post('/api/documents', uploader.token, parts);
  const file = (content: Buffer, filename: string, contentType: string): MultipartPart => ({
    file: 'file',
    filename,
    contentType,
    content,
  });
  const kind: MultipartPart = { field: 'kind', value: 'other' };
  const stored = () =>
    db.query<{ id: string; original_name: string; storage_key: string; sha256: string }>(
      'SELECT id, original_name, storage_key, sha256 FROM documents WHERE user_id = $1 ORDER BY created_at',
      [uploader.id],
    );

  beforeAll(async () => {
    uploader = await makeUser(app, world.users.admin.token, 'fz_uploader', ['candidate']);
  });

  it('refuses oversized, disguised, empty, missing and padded uploads with a clear 4xx, storing nothing', async () => {
    const before = filesUnder(storageDir);
    const pngHead = TINY_PNG.subarray(0, 16);
    const cases: [string, MultipartPart[], number, string | undefined][] = [
      [
        'one byte over the limit',
        [
          kind,
          file(
            Buffer.concat([pngHead, Buffer.alloc(UPLOAD_MAX_BYTES + 1 - 16)]),
            'big.png',
            'image/png',
          ),
        ],
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      [
        'ten times the limit',
        [
          kind,
          file(
            Buffer.concat([TINY_PDF, Buffer.alloc(UPLOAD_MAX_BYTES * 10)]),
            'big.pdf',
            'application/pdf',
          ),
        ],
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      [
        'an executable named .pdf',
        [kind, file(ELF_BYTES, 'cv.pdf', 'application/pdf')],
        415,
        'FILE_TYPE_NOT_ALLOWED',
      ],
      [
        'HTML named .png',
        [kind, file(Buffer.from('<html><script>alert(1)</script>'), 'id.png', 'image/png')],
        415,
        'FILE_TYPE_NOT_ALLOWED',
      ],
      [
        'a zip named .pdf',
        [kind, file(Buffer.from('PK\x03\x04rest-of-a-zip', 'latin1'), 'a.pdf', 'application/pdf')],
        415,
        'FILE_TYPE_NOT_ALLOWED',
      ],
      [
        'a truncated PNG signature',
        [kind, file(TINY_PNG.subarray(0, 5), 'a.png', 'image/png')],
        415,
        'FILE_TYPE_NOT_ALLOWED',
      ],
      [
        'a NUL-padded "PDF"',
        [kind, file(Buffer.concat([Buffer.alloc(8), TINY_PDF]), 'a.pdf', 'application/pdf')],
        415,
        'FILE_TYPE_NOT_ALLOWED',
      ],
      [
        'an empty file',
        [kind, file(Buffer.alloc(0), 'empty.pdf', 'application/pdf')],
        400,
        'FILE_REQUIRED',
      ],
      ['no file field', [kind], 400, 'FILE_REQUIRED'],
      [
        'the file under another field name',
        [kind, { ...file(TINY_PDF, 'a.pdf', 'application/pdf'), file: 'document' }],
        400,
        undefined,
      ],
      [
        'two files',
        [kind, file(TINY_PDF, 'a.pdf', 'application/pdf'), file(TINY_PNG, 'b.png', 'image/png')],
        400,
        undefined,
      ],
      [
        'an unknown extra field',
        [
          kind,
          { field: 'userId', value: world.users.candidate.id },
          file(TINY_PDF, 'a.pdf', 'application/pdf'),
        ],
        400,
        undefined,
      ],
      [
        'many extra fields',
        [
          kind,
          ...Array.from({ length: 8 }, (_, i) => ({ field: `f${i}`, value: 'x' })),
          file(TINY_PDF, 'a.pdf', 'application/pdf'),
        ],
        400,
        undefined,
      ],
      [
        'a huge field value',
        [{ field: 'kind', value: 'x'.repeat(100_000) }, file(TINY_PDF, 'a.pdf', 'application/pdf')],
        400,
        undefined,
      ],
      ['no kind', [file(TINY_PDF, 'a.pdf', 'application/pdf')], 400, undefined],
    ];
    const failures: string[] = [];
    for (const [name, parts, status, code] of cases) {
      const response = await upload(parts);
      if (response.status !== status || (code && response.body.code !== code))
        failures.push(`${name}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
      else if (typeof response.body.message !== 'string' || !response.body.message)
        failures.push(`${name}: no message`);
    }
    expect(failures).toEqual([]);
    expect(await stored()).toEqual([]);
    expect(filesUnder(storageDir)).toEqual(before);
    await request(app.getHttpServer()).get('/api/health').expect(200);
  });

  it('keeps an accepted file inside the storage directory whatever its name, and returns the name safely', async () => {
    const names: [string, MultipartPart][] = [
      ['path traversal', file(TINY_PDF, '../../etc/passwd.pdf', 'application/pdf')],
      ['Windows traversal', file(TINY_PNG, '..\\..\\..\\Windows\\win.ini.png', 'image/png')],
      ['absolute path', file(TINY_PDF, '/etc/cron.d/x.pdf', 'application/pdf')],
      [
        'encoded traversal (RFC 5987)',
        {
          file: 'file',
          filenameStar: "UTF-8''..%2F..%2F..%2Fetc%2Fshadow.pdf",
          contentType: 'application/pdf',
          content: TINY_PDF,
        },
      ],
      ['only dots', file(TINY_PDF, '..', 'application/pdf')],
      ['right-to-left override', file(TINY_PDF, '简历\u202Efdp.exe', 'application/pdf')],
      [
        'bidi isolates and zero-width',
        file(TINY_PNG, '\u2067证\u2069\u200B\u200E书.png', 'image/png'),
      ],
      ['emoji and astral CJK', file(TINY_PNG, `${'😀𠮷'.repeat(100)}.png`, 'image/png')],
      ['very long', file(TINY_PDF, `${'长'.repeat(5_000)}.pdf`, 'application/pdf')],
      ['NUL bytes', file(TINY_PDF, 'cv.pdf\u0000.exe', 'application/pdf')],
      ['HTML', file(TINY_PNG, '<img src=x onerror=alert(1)>.png', 'image/png')],
      [
        'escaped quotes and a semicolon',
        file(TINY_PDF, 'say \\"hi\\"; x=1.pdf', 'application/pdf'),
      ],
      [
        'quotes and a header break',
        file(TINY_PDF, 'a\\"b\r\nX-Injected: 1.pdf', 'application/pdf'),
      ],
      ['a PNG named .pdf', file(TINY_PNG, 'scan.pdf', 'application/pdf')],
      // multer drops a __proto__ field name (no pollution); the upload itself is fine
      ['beside a __proto__ field', file(TINY_PDF, 'proto.pdf', 'application/pdf')],
    ];
    const root = path.resolve(storageDir) + path.sep;
    const failures: string[] = [];
    const refused: string[] = [];
    for (const [label, part] of names) {
      const extra: MultipartPart[] = label.includes('__proto__')
        ? [{ field: '__proto__[polluted]', value: 'yes' }]
        : [];
      const response = await upload([kind, ...extra, part]);
      if (response.status >= 500) {
        failures.push(`${label}: ${response.status}`);
        continue;
      }
      if (response.status !== 201) {
        refused.push(`${label}: ${response.status} ${response.body.code}`);
        continue;
      }
      const view = response.body as { id: string; originalName: string; contentType: string };
      const name = view.originalName;
      if (/[\\/]/.test(name) || name === '..' || name === '.')
        failures.push(`${label}: path in "${name}"`);
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u001f\u007f]/.test(name))
        failures.push(`${label}: control character in ${JSON.stringify(name)}`);
      if (/[\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.test(name))
        failures.push(`${label}: bidi/zero-width character in ${JSON.stringify(name)}`);
      if (/[<>"]/.test(name)) failures.push(`${label}: markup in ${JSON.stringify(name)}`);
      if (Array.from(name).length > 120) failures.push(`${label}: ${name.length} characters`);
      if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(name))
        failures.push(`${label}: lone surrogate in ${JSON.stringify(name)}`);
      // The content decides the type, never the name.
      const type = 'content' in part && part.content === TINY_PNG ? 'image/png' : 'application/pdf';
      if (view.contentType !== type) failures.push(`${label}: stored as ${view.contentType}`);
      const [row] = await db.query<{ storage_key: string }>(
        'SELECT storage_key FROM documents WHERE id = $1',
        [view.id],
      );
      const target = path.resolve(storageDir, row.storage_key);
      if (!target.startsWith(root) || !fs.existsSync(target))
        failures.push(`${label}: stored at ${target}`);
      expect(path.basename(target)).toMatch(/^[0-9a-f-]{36}\.(pdf|png)$/);

      // Downloading it: the bytes as uploaded, and a Content-Disposition nobody can break out of.
      const download = await request(app.getHttpServer())
        .get(`/api/documents/${view.id}/content`)
        .set('Authorization', `Bearer ${uploader.token}`)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(download.status).toBe(200);
      expect(
        Buffer.compare(download.body as Buffer, type === 'image/png' ? TINY_PNG : TINY_PDF),
      ).toBe(0);
      expect(download.headers['x-injected']).toBeUndefined();
      expect(download.headers['content-type']).toBe(type);
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.headers['content-disposition']).toMatch(
        /^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[\x21-\x7e]*$/,
      );
    }
    expect(failures).toEqual([]);
    // Refused with a clear 400: a name that is no file name at all and a header broken by CR/LF
    // (busboy then takes the part for a plain field: no file), a NUL busboy cannot parse.
    expect(refused).toEqual([
      'only dots: 400 FILE_REQUIRED',
      'NUL bytes: 400 BAD_REQUEST',
      'quotes and a header break: 400 FILE_REQUIRED',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // Rendered back: JSON (not HTML), and each name parses back to exactly what was stored.
    const list = await request(app.getHttpServer())
      .get('/api/documents')
      .set('Authorization', `Bearer ${uploader.token}`)
      .expect(200);
    expect(list.headers['content-type']).toMatch(/^application\/json/);
    const rows = await stored();
    const listed = (JSON.parse(list.text) as { id: string; originalName: string }[]).map((d) => [
      d.id,
      d.originalName,
    ]);
    expect(listed.sort()).toEqual(rows.map((r) => [r.id, r.original_name]).sort());
    expect(list.text).not.toMatch(/[<>]/);
    // Nothing but the stored documents under the storage directory, all within it.
    expect(
      filesUnder(storageDir)
        .filter((f) => f.includes(uploader.id))
        .sort(),
    ).toEqual(rows.map((r) => path.normalize(r.storage_key)).sort());
  });

  it('question-bank imports: oversized, disguised, empty, missing and padded files get a 4xx', async () => {
    const hr = world.users.hr.token;
    const route = `/api/question-bank/campaigns/${world.campaignId}/import`;
    const sets = () =>
      db.query('SELECT id FROM question_sets WHERE campaign_id = $1', [world.campaignId]);
    const setsBefore = await sets();
    const xlsxLike = Buffer.from('PK\x03\x04\x14\x00\x00\x00broken-workbook', 'latin1');
    const cases: [string, MultipartPart[], number][] = [
      [
        'over the limit',
        [
          file(
            Buffer.concat([
              Buffer.from('{"sets":['),
              Buffer.alloc(QUESTION_IMPORT_MAX_BYTES, 0x20),
              Buffer.from(']}'),
            ]),
            'bank.json',
            'application/json',
          ),
        ],
        413,
      ],
      [
        'an executable named .xlsx',
        [
          file(
            ELF_BYTES,
            'bank.xlsx',
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          ),
        ],
        415,
      ],
      [
        'a broken zip named .xlsx',
        [
          file(
            xlsxLike,
            'bank.xlsx',
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          ),
        ],
        422,
      ],
      ['an empty file', [file(Buffer.alloc(0), 'bank.json', 'application/json')], 400],
      ['no file', [], 400],
      [
        'an extra field',
        [
          { field: 'campaignId', value: 'x' },
          file(Buffer.from('{}'), 'bank.json', 'application/json'),
        ],
        400,
      ],
      [
        'path traversal in the name',
        [file(Buffer.from('{"sets":"x"}'), '../../../etc/passwd.json', 'application/json')],
        422,
      ],
      // busboy refuses a part header with a NUL in it: a plain 400, before any parsing
      ['a NUL in the name', [file(Buffer.from('[]'), 'bank\u0000.json', 'application/json')], 400],
    ];
    const failures: string[] = [];
    for (const [name, parts, status] of cases) {
      const response = await post(route, hr, parts);
      if (response.status !== status)
        failures.push(`${name}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    expect(await sets()).toEqual(setsBefore);
  });
});
