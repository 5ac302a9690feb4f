import type { NestExpressApplication } from '@nestjs/platform-express';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { HTTP_TABLE } from './authorization-table';
import { fillPath, servedRoutes, ServedRoute } from './routes';
import { buildWorld, tokenOf, WHO, Who, World } from './world';

/**
 * Every HTTP route × every kind of caller: allowed callers are never refused (401/403), the
 * rest are (401/403, or 404 when the object is hidden from them). Socket events of the media
 * gateway are covered in authorization-sockets.e2e-spec.ts.
 */
let db: TestDatabase;
let app: NestExpressApplication;
let world: World;
const recordingDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhao-sec-matrix-'));

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(testConfig(db.url, { RECORDING_DIR: recordingDir }));
  world = await buildWorld(app, db, recordingDir, 'mx');
}, 180_000);

afterAll(async () => {
  await app?.close();
  await db?.drop();
  world?.cleanup();
  fs.rmSync(recordingDir, { recursive: true, force: true });
});

const REFUSED = new Set([401, 403, 404]);

async function ask(route: ServedRoute, who: Who): Promise<number> {
  const rule = HTTP_TABLE[route.key];
  const url = fillPath(route, rule, world);
  const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  let call = request(app.getHttpServer())[method](url);
  const token = tokenOf(world, who);
  if (token) call = call.set('Authorization', `Bearer ${token}`);
  if (method !== 'get' && method !== 'delete') call = call.send(rule?.body?.(world) ?? {});
  const response = await call;
  return response.status;
}

// Runs first: the matrix's allowed calls later withdraw and delete these objects.
describe('object-level hiding, by content', () => {
  const get = (url: string, who: Who) =>
    request(app.getHttpServer())
      .get(`/api${url}`)
      .set('Authorization', `Bearer ${tokenOf(world, who)}`);

  it("does not show a candidate another candidate's application, documents or score", async () => {
    const apps = await get('/applications', 'otherCandidate').expect(200);
    expect(JSON.stringify(apps.body)).not.toContain(world.applicationId);
    const docs = await get('/documents', 'otherCandidate').expect(200);
    expect(JSON.stringify(docs.body)).not.toContain(world.documentId);
    expect([403, 404]).toContain(
      (await get(`/applications/${world.applicationId}`, 'otherCandidate')).status,
    );
    expect([403, 404]).toContain(
      (await get(`/documents/${world.documentId}/content`, 'otherCandidate')).status,
    );
    const score = `/scoring/sessions/${world.sessionId}/candidates/${world.users.candidate.id}/publication`;
    expect([403, 404]).toContain((await get(score, 'otherCandidate')).status);
    // ...while the owner does reach them.
    await get(`/applications/${world.applicationId}`, 'candidate').expect(200);
    await get(`/documents/${world.documentId}/content`, 'candidate').expect(200);
  });

  it("keeps another session's examiners and supervisors out", async () => {
    for (const who of ['otherChief', 'otherExaminer'] as const) {
      expect([403, 404]).toContain((await get(`/scoring/sessions/${world.sessionId}`, who)).status);
      expect([403, 404]).toContain(
        (await get(`/sessions/${world.sessionId}/questions`, who)).status,
      );
    }
    expect([403, 404]).toContain(
      (await get(`/sessions/${world.sessionId}/recordings`, 'otherSupervisor')).status,
    );
    const listed = await get(
      `/recordings/candidates/${world.users.candidate.id}`,
      'otherSupervisor',
    );
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(world.segmentId);
    expect(JSON.stringify(listed.body)).not.toContain(world.sessionId);
    // The session's own supervisor sees the recording.
    const own = await get(`/recordings/candidates/${world.users.candidate.id}`, 'supervisor');
    expect(JSON.stringify(own.body)).toContain(world.segmentId);
  });
});

describe('authorization matrix', () => {
  it('has an entry for every route the api serves, and none for a route that is gone', () => {
    const served = servedRoutes(app).map((r) => r.key);
    expect(served.length).toBeGreaterThan(100);
    const missing = served.filter((key) => !HTTP_TABLE[key]);
    const stale = Object.keys(HTTP_TABLE).filter((key) => !served.includes(key));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it('allows exactly the callers in the table on every route', async () => {
    const routes = servedRoutes(app).filter((r) => HTTP_TABLE[r.key]);
    // Calls that change the world (a withdrawn application, a deleted document) come last.
    routes.sort((a, b) => Number(!!HTTP_TABLE[a.key].late) - Number(!!HTTP_TABLE[b.key].late));
    const wrong: string[] = [];
    const serverErrors: string[] = [];
    for (const route of routes) {
      const allow = new Set(HTTP_TABLE[route.key].allow);
      // Refusals first (side by side: they change nothing), so an allowed call never removes
      // the object a refusal is checked on; allowed calls one after another.
      const refusedWho = WHO.filter((who) => !allow.has(who));
      const statuses = new Map<Who, number>(
        await Promise.all(refusedWho.map(async (who) => [who, await ask(route, who)] as const)),
      );
      for (const who of WHO.filter((w) => allow.has(w))) statuses.set(who, await ask(route, who));
      for (const [who, status] of statuses) {
        if (status >= 500) serverErrors.push(`${route.key} as ${who}: ${status}`);
        const refused = allow.has(who)
          ? status === 401 || status === 403
          : !REFUSED.has(status) && status < 500;
        if (refused)
          wrong.push(
            `${route.key} as ${who}: ${status}, expected ${allow.has(who) ? 'allow' : 'deny'}`,
          );
      }
    }
    expect(serverErrors).toEqual([]);
    expect(wrong).toEqual([]);
  }, 300_000);
});
