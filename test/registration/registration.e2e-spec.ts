import type { NestExpressApplication } from '@nestjs/platform-express';
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login } from '../support/http';
import {
  auth,
  Candidate,
  ELF_BYTES,
  idNumber,
  registerCandidate,
  TINY_PDF,
  TINY_PNG,
} from './fixtures';

let db: TestDatabase;
let app: NestExpressApplication;
let storageDir: string;
const http = () => request(app.getHttpServer());
const HR = { username: 'hr', password: 'hr-password-for-tests' };

interface Post {
  id: string;
  code: string;
  categoryId: string;
  degreeLevels: string[];
  disciplines: string[];
}
interface Category {
  id: string;
  code: string;
  posts: number;
}

let campaignId: string;
let categories: Category[];
let hrToken: string;
let alice: Candidate; // master's of a 985 university: eligible
let bob: Candidate; // bachelor's of a university on no list: not eligible
let alicePost: Post;
let bobPost: Post;
let aliceApplicationId: string;
let bobApplicationId: string;
let aliceDocumentId: string;
const aliceId = idNumber('19960101', '00'.concat('3'));
const bobId = idNumber('19980715', '002');

beforeAll(async () => {
  db = await createTestDatabase();
  storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhao-storage-'));
  app = await createApiApp(
    testConfig(db.url, {
      SEED_DEMO: 'true',
      DEMO_HR_PASSWORD: HR.password,
      STORAGE_DIR: storageDir,
      UPLOAD_MAX_BYTES: String(64 * 1024),
    }),
  );
  hrToken = (await login(app, HR.username, HR.password)).accessToken;
}, 60_000);

afterAll(async () => {
  await app?.close();
  await db?.drop();
  fs.rmSync(storageDir, { recursive: true, force: true });
});

describe('the demo campaign (the Shuicheng Youcai case)', () => {
  it('is seeded with six categories, 220 posts and the case rule, open for registration', async () => {
    const list = await http().get('/api/campaigns').set(auth(hrToken)).expect(200);
    expect(list.body).toHaveLength(1);
    campaignId = list.body[0].id;
    const campaign = await http()
      .get(`/api/campaigns/${campaignId}`)
      .set(auth(hrToken))
      .expect(200);
    expect(campaign.body).toMatchObject({
      name: '水城优才',
      status: 'open',
      registrationOpen: true,
    });
    categories = campaign.body.categories;
    expect(categories.map((c) => c.code).sort()).toEqual(['02', '07', '08', '09', '10', '12']);
    expect(categories.reduce((sum, c) => sum + c.posts, 0)).toBe(220);
    expect(campaign.body.eligibilityRule).toEqual({
      anyOf: [
        { degree: 'phd' },
        { degree: 'master', universityTier: ['985', '211', 'double_first_class'] },
        { degree: 'bachelor', universityTier: ['double_first_class'] },
      ],
    });
    expect(campaign.body.eligibilityRuleText['zh-CN']).toContain('博士研究生（不限院校）');
    expect(new Date(campaign.body.interviewStartsAt).getTime()).toBeGreaterThan(
      new Date(campaign.body.registrationClosesAt).getTime(),
    );
  });

  it('serves the reference lists: universities with tiers and the discipline catalogue', async () => {
    const unis = await http()
      .get('/api/reference/universities?q=山东')
      .set(auth(hrToken))
      .expect(200);
    expect(unis.body).toContainEqual({
      nameZh: '山东大学',
      nameEn: 'Shandong University',
      tiers: ['985', '211', 'double_first_class'],
    });
    const disciplines = await http()
      .get('/api/reference/disciplines')
      .set(auth(hrToken))
      .expect(200);
    expect(disciplines.body).toHaveLength(131);
  });
});

describe('candidate registration', () => {
  it('registers with a phone number or an email and logs in with it', async () => {
    alice = await registerCandidate(app, '13800138000');
    bob = await registerCandidate(app, 'Bob@Example.com');
    const me = await http().get('/api/auth/me').set(auth(bob.token)).expect(200);
    expect(me.body).toMatchObject({ username: 'bob@example.com', roles: ['candidate'] });
  });

  it('refuses a second account with the same phone or email (409)', async () => {
    const again = await http()
      .post('/api/registration')
      .send({ account: 'bob@example.COM', password: 'another-pass-1' })
      .expect(409);
    expect(again.body).toEqual({
      code: 'ACCOUNT_EXISTS',
      message: '该手机号或邮箱已注册，请直接登录',
    });
  });

  it('refuses an account that is neither a mobile number nor an email, per field', async () => {
    const bad = await http()
      .post('/api/registration')
      .set('Accept-Language', 'en')
      .send({ account: '12345', password: 'long-enough-pass' })
      .expect(400);
    expect(bad.body.details).toEqual([
      {
        field: 'account',
        messages: ['account must be an 11-digit mobile number or a valid email address'],
      },
    ]);
  });
});

describe('profile and education', () => {
  it('refuses an ID number with a wrong check digit, saying why', async () => {
    const wrong = aliceId.slice(0, 17) + (aliceId[17] === '1' ? '2' : '1');
    const response = await http()
      .put('/api/profile')
      .set(auth(alice.token))
      .send({ fullName: '李爱丽', idNumber: wrong })
      .expect(400);
    expect(response.body.details).toEqual([
      { field: 'idNumber', messages: ['idNumber：身份证号码校验位不正确，请核对'] },
    ]);
  });

  it('stores the profile and shows birth date and sex derived from an X-check ID number', async () => {
    const xId = '11010519491231002X';
    const saved = await http()
      .put('/api/profile')
      .set(auth(alice.token))
      .send({ fullName: '李爱丽', idNumber: xId.toLowerCase(), phone: '13800138000' })
      .expect(200);
    expect(saved.body).toMatchObject({ idNumber: xId, birthDate: '1949-12-31', sex: 'female' });
    const mine = await http()
      .put('/api/profile')
      .set(auth(alice.token))
      .send({ fullName: '李爱丽', idNumber: aliceId, phone: '13800138000' })
      .expect(200);
    expect(mine.body).toMatchObject({ idNumber: aliceId, birthDate: '1996-01-01', sex: 'male' });
  });

  it('refuses an ID number another account already uses (409)', async () => {
    const taken = await http()
      .put('/api/profile')
      .set(auth(bob.token))
      .send({ fullName: '鲍勃', idNumber: aliceId })
      .expect(409);
    expect(taken.body.code).toBe('ID_NUMBER_TAKEN');
    await http()
      .put('/api/profile')
      .set(auth(bob.token))
      .send({ fullName: '鲍勃', idNumber: bobId, email: 'bob@example.com' })
      .expect(200);
  });

  it('refuses to apply before any education record is given (422)', async () => {
    const posts = await http()
      .get(`/api/campaigns/${campaignId}/posts`)
      .set(auth(alice.token))
      .expect(200);
    const response = await http()
      .post('/api/applications')
      .set(auth(alice.token))
      .send({ postId: posts.body.items[0].id })
      .expect(422);
    expect(response.body.code).toBe('PROFILE_INCOMPLETE');
  });

  it('adds education records and shows the university tier', async () => {
    const record = await http()
      .post('/api/profile/education')
      .set(auth(alice.token))
      .send({
        degree: 'master',
        universityName: '山东大学',
        disciplineCode: '0812',
        major: '计算机科学与技术',
        graduationDate: '2024-06-30',
      })
      .expect(201);
    expect(record.body).toMatchObject({ degree: 'master', universityTier: '985' });
    await http()
      .post('/api/profile/education')
      .set(auth(bob.token))
      .send({
        degree: 'bachelor',
        universityName: '聊城大学',
        disciplineCode: '0202',
        graduationDate: '2020-07-01',
      })
      .expect(201);
    const bad = await http()
      .post('/api/profile/education')
      .set(auth(bob.token))
      .send({
        degree: 'bachelor',
        universityName: '聊城大学',
        disciplineCode: '0202',
        graduationDate: '2020-02-30',
      })
      .expect(400);
    expect(bad.body.details[0].field).toBe('graduationDate');
  });
});

describe('documents', () => {
  it('stores a PNG and a PDF with their SHA-256, detected by content', async () => {
    const png = await http()
      .post('/api/documents')
      .set(auth(alice.token))
      .field('kind', 'degree_certificate')
      .attach('file', TINY_PNG, { filename: '学位证.png', contentType: 'application/octet-stream' })
      .expect(201);
    expect(png.body).toMatchObject({
      kind: 'degree_certificate',
      contentType: 'image/png',
      originalName: '学位证.png',
      sha256: createHash('sha256').update(TINY_PNG).digest('hex'),
    });
    aliceDocumentId = png.body.id;
    const pdf = await http()
      .post('/api/documents')
      .set(auth(alice.token))
      .field('kind', 'id_card')
      .attach('file', TINY_PDF, { filename: 'id.pdf', contentType: 'application/pdf' })
      .expect(201);
    expect(pdf.body.contentType).toBe('application/pdf');
  });

  it('refuses a renamed executable (ELF named .pdf with a PDF content type)', async () => {
    const response = await http()
      .post('/api/documents')
      .set(auth(alice.token))
      .field('kind', 'degree_certificate')
      .attach('file', ELF_BYTES, { filename: 'diploma.pdf', contentType: 'application/pdf' })
      .expect(415);
    expect(response.body).toMatchObject({
      code: 'FILE_TYPE_NOT_ALLOWED',
      details: { detected: 'elf-executable' },
    });
    const windows = await http()
      .post('/api/documents')
      .set(auth(alice.token))
      .field('kind', 'id_card')
      .attach('file', Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), {
        filename: 'scan.png',
        contentType: 'image/png',
      })
      .expect(415);
    expect(windows.body.details.detected).toBe('windows-executable');
  });

  it('refuses a file over the size limit (413) and a request without a file (400)', async () => {
    const big = Buffer.concat([TINY_PDF, Buffer.alloc(70 * 1024)]);
    await http()
      .post('/api/documents')
      .set(auth(alice.token))
      .field('kind', 'id_card')
      .attach('file', big, 'big.pdf')
      .expect(413);
    const none = await http()
      .post('/api/documents')
      .set(auth(alice.token))
      .field('kind', 'id_card')
      .expect(400);
    expect(none.body.code).toBe('FILE_REQUIRED');
  });

  it('lets the owner and HR download, audited, and hides the file from other candidates', async () => {
    const own = await http()
      .get(`/api/documents/${aliceDocumentId}/content`)
      .set(auth(alice.token))
      .expect(200);
    expect(Buffer.compare(own.body as Buffer, TINY_PNG)).toBe(0);
    expect(own.headers['content-type']).toBe('image/png');
    await http().get(`/api/documents/${aliceDocumentId}/content`).set(auth(hrToken)).expect(200);
    await http().get(`/api/documents/${aliceDocumentId}/content`).set(auth(bob.token)).expect(404);
    const audit = await db.query<{ actor: string }>(
      `SELECT actor FROM audit_log WHERE action = 'document.download' AND subject = $1 ORDER BY seq`,
      [`document:${aliceDocumentId}`],
    );
    expect(audit.map((a) => a.actor)).toEqual([
      `user:${alice.id}`,
      expect.stringMatching(/^user:/),
    ]);
  });
});

describe('applications with the automatic verdict', () => {
  async function posts(categoryCode: string): Promise<Post[]> {
    const category = categories.find((c) => c.code === categoryCode);
    const response = await http()
      .get(`/api/campaigns/${campaignId}/posts?categoryId=${category?.id}`)
      .set(auth(alice.token))
      .expect(200);
    return response.body.items;
  }

  it('accepts a master of a 985 university for an engineering post and says why, at once', async () => {
    alicePost = (await posts('08')).find(
      (p) =>
        p.disciplines.includes('08') &&
        (p.degreeLevels.length === 0 || p.degreeLevels.includes('master')),
    ) as Post;
    const response = await http()
      .post('/api/applications')
      .set(auth(alice.token))
      .send({ postId: alicePost.id })
      .expect(201);
    aliceApplicationId = response.body.id;
    expect(response.body).toMatchObject({
      status: 'submitted',
      eligible: true,
      degree: 'master',
      universityTier: '985',
    });
    expect(response.body.reasons[0]).toEqual({ 'zh-CN': '符合报名条件', en: 'Eligible' });
    expect(response.body.reasons[1]['zh-CN']).toContain('山东大学（985 工程院校）');
    expect(response.body.history).toEqual([
      expect.objectContaining({ status: 'submitted', actor: `user:${alice.id}`, reason: null }),
    ]);
  });

  it('refuses a second application in the same campaign (409)', async () => {
    const other = (await posts('07'))[0];
    const response = await http()
      .post('/api/applications')
      .set(auth(alice.token))
      .send({ postId: other.id })
      .expect(409);
    expect(response.body.code).toBe('APPLICATION_EXISTS');
  });

  it('records a bachelor of a university on no list as not eligible, with the requirement named', async () => {
    bobPost = (await posts('02')).find(
      (p) => p.disciplines.includes('02') && p.degreeLevels.length === 0,
    ) as Post;
    const response = await http()
      .post('/api/applications')
      .set(auth(bob.token))
      .send({ postId: bobPost.id })
      .expect(201);
    bobApplicationId = response.body.id;
    expect(response.body.eligible).toBe(false);
    expect(response.body.reasons[1]['zh-CN']).toContain('须为“双一流”建设高校的学士（本科）');
    expect(response.body.universityTier).toBe('other');
  });

  it('answers an unknown post with 404 and hides other candidates’ applications', async () => {
    await http()
      .post('/api/applications')
      .set(auth(bob.token))
      .send({ postId: '00000000-0000-4000-8000-000000000000' })
      .expect(404);
    await http().get(`/api/applications/${aliceApplicationId}`).set(auth(bob.token)).expect(404);
  });
});

describe('HR review', () => {
  it('lists with filters and masks ID numbers and phones', async () => {
    const all = await http()
      .get(`/api/review/applications?campaignId=${campaignId}`)
      .set(auth(hrToken))
      .expect(200);
    expect(all.body.total).toBe(2);
    const masters = await http()
      .get(
        `/api/review/applications?campaignId=${campaignId}&degree=master&universityTier=985&status=submitted`,
      )
      .set(auth(hrToken))
      .expect(200);
    expect(masters.body.items).toHaveLength(1);
    expect(masters.body.items[0].candidate).toEqual({
      id: alice.id,
      fullName: '李爱丽',
      idNumberMasked: `${aliceId.slice(0, 3)}***********${aliceId.slice(14)}`,
      phoneMasked: '138****8000',
      sex: 'male',
    });
    expect(JSON.stringify(all.body)).not.toContain(aliceId);
    const byCategory = await http()
      .get(`/api/review/applications?categoryId=${bobPost.categoryId}`)
      .set(auth(hrToken))
      .expect(200);
    expect(byCategory.body.items.map((i: { id: string }) => i.id)).toEqual([bobApplicationId]);
    const byPost = await http()
      .get(`/api/review/applications?postId=${alicePost.id}&eligible=true`)
      .set(auth(hrToken))
      .expect(200);
    expect(byPost.body.total).toBe(1);
  });

  it('shows the full ID number on the detail view only, and audits that', async () => {
    const detail = await http()
      .get(`/api/review/applications/${aliceApplicationId}`)
      .set(auth(hrToken))
      .expect(200);
    expect(detail.body.candidate).toMatchObject({
      idNumber: aliceId,
      phone: '13800138000',
      birthDate: '1996-01-01',
    });
    expect(detail.body.education).toHaveLength(1);
    expect(detail.body.documents).toHaveLength(2);
    const audit = await db.query(
      `SELECT 1 FROM audit_log WHERE action = 'application.view_pii' AND subject = $1`,
      [`application:${aliceApplicationId}`],
    );
    expect(audit).toHaveLength(1);
    const leaked = await db.query(`SELECT 1 FROM audit_log WHERE details::text LIKE $1`, [
      `%${aliceId}%`,
    ]);
    expect(leaked).toEqual([]);
  });

  it('candidates cannot reach the review API', async () => {
    await http().get('/api/review/applications').set(auth(alice.token)).expect(403);
  });

  it('approves and rejects with a reason, kept in history and the audit log; no second decision', async () => {
    const approved = await http()
      .post(`/api/review/applications/${aliceApplicationId}/decision`)
      .set(auth(hrToken))
      .send({ decision: 'approve', reason: '学历与专业符合岗位要求' })
      .expect(200);
    expect(approved.body.status).toBe('approved');
    await http()
      .post(`/api/review/applications/${bobApplicationId}/decision`)
      .set(auth(hrToken))
      .send({ decision: 'reject', reason: '本科院校不在“双一流”名单内' })
      .expect(200);
    const again = await http()
      .post(`/api/review/applications/${aliceApplicationId}/decision`)
      .set(auth(hrToken))
      .send({ decision: 'reject', reason: 'changed my mind' })
      .expect(409);
    expect(again.body.code).toBe('APPLICATION_ALREADY_DECIDED');
    const audit = await db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action IN ('application.approve', 'application.reject') ORDER BY seq`,
    );
    expect(audit.map((a) => a.action)).toEqual(['application.approve', 'application.reject']);
  });

  it('the candidate sees the decision and the whole history', async () => {
    const mine = await http()
      .get(`/api/applications/${aliceApplicationId}`)
      .set(auth(alice.token))
      .expect(200);
    expect(mine.body).toMatchObject({
      status: 'approved',
      decisionReason: '学历与专业符合岗位要求',
    });
    expect(mine.body.history.map((h: { status: string }) => h.status)).toEqual([
      'submitted',
      'approved',
    ]);
    const bobs = await http().get('/api/applications').set(auth(bob.token)).expect(200);
    expect(bobs.body[0]).toMatchObject({
      status: 'rejected',
      decisionReason: '本科院校不在“双一流”名单内',
    });
    const withdraw = await http()
      .post(`/api/applications/${aliceApplicationId}/withdraw`)
      .set(auth(alice.token))
      .send({})
      .expect(409);
    expect(withdraw.body.code).toBe('APPLICATION_NOT_WITHDRAWABLE');
  });

  it('exports the filtered list as CSV with a BOM and masked personal data', async () => {
    const csv = await http()
      .get(`/api/review/applications/export?format=csv&campaignId=${campaignId}&status=approved`)
      .set(auth(hrToken))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('姓名,性别,身份证号码,手机号码');
    expect(lines[1]).toContain('李爱丽');
    expect(lines[1]).toContain('138****8000');
    expect(text).not.toContain(aliceId);
    expect(text).not.toContain('鲍勃');
  });

  it('exports XLSX that a spreadsheet opens, with the same masking', async () => {
    const xlsx = await http()
      .get(`/api/review/applications/export?format=xlsx&campaignId=${campaignId}`)
      .set(auth(hrToken))
      .set('Accept-Language', 'en')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Uint8Array.from(xlsx.body as Buffer).buffer);
    const sheet = workbook.getWorksheet('Applications');
    expect(sheet?.rowCount).toBe(3);
    expect(sheet?.getRow(1).getCell(4).value).toBe('ID number');
    const ids = [sheet?.getRow(2).getCell(4).value, sheet?.getRow(3).getCell(4).value];
    expect(ids).toContain(`${aliceId.slice(0, 3)}***********${aliceId.slice(14)}`);
    const exports = await db.query(
      `SELECT details FROM audit_log WHERE action = 'application.export'`,
    );
    expect(exports).toHaveLength(2);
  });
});

describe('campaign management and the registration window', () => {
  let futureCampaign: string;
  let futurePost: string;
  let futureCategory: string;

  it('HR creates a campaign, a category and a post; a draft is hidden from candidates', async () => {
    const inAWeek = new Date(Date.now() + 7 * 86_400_000);
    const inTwoWeeks = new Date(Date.now() + 14 * 86_400_000);
    const created = await http()
      .post('/api/campaigns')
      .set(auth(hrToken))
      .send({
        name: '2027 春季引才',
        registrationOpensAt: inAWeek.toISOString(),
        registrationClosesAt: inTwoWeeks.toISOString(),
        eligibilityRule: { anyOf: [{ degree: 'phd' }] },
      })
      .expect(201);
    futureCampaign = created.body.id;
    expect(created.body.status).toBe('draft');
    await http().get(`/api/campaigns/${futureCampaign}`).set(auth(alice.token)).expect(404);
    const category = await http()
      .post(`/api/campaigns/${futureCampaign}/categories`)
      .set(auth(hrToken))
      .send({ code: '08' })
      .expect(201);
    expect(category.body).toMatchObject({ code: '08', nameZh: '工学', nameEn: 'Engineering' });
    await http()
      .post(`/api/campaigns/${futureCampaign}/categories`)
      .set(auth(hrToken))
      .send({ code: '08' })
      .expect(409);
    const post = await http()
      .post(`/api/campaigns/${futureCampaign}/posts`)
      .set(auth(hrToken))
      .send({
        categoryId: category.body.id,
        code: 'P-01',
        title: '机械工程岗位',
        quota: 2,
        degreeLevels: ['phd'],
        disciplines: ['0802'],
      })
      .expect(201);
    futurePost = post.body.id;
    futureCategory = category.body.id;
    await http()
      .patch(`/api/campaigns/${futureCampaign}/posts/${futurePost}`)
      .set(auth(hrToken))
      .send({ quota: 3 })
      .expect(200);
    await http()
      .patch(`/api/campaigns/${futureCampaign}`)
      .set(auth(hrToken))
      .send({ status: 'open' })
      .expect(200);
  });

  it('HR renames a category and reorders it; bad input is refused per field', async () => {
    const url = `/api/campaigns/${futureCampaign}/categories/${futureCategory}`;
    const renamed = await http()
      .patch(url)
      .set(auth(hrToken))
      .send({
        nameZh: '  工学（含交叉学科） ',
        nameEn: 'Engineering (incl. interdisciplinary)',
        sortOrder: 5,
      })
      .expect(200);
    expect(renamed.body).toEqual({
      id: futureCategory,
      code: '08',
      nameZh: '工学（含交叉学科）',
      nameEn: 'Engineering (incl. interdisciplinary)',
      sortOrder: 5,
      posts: 1,
      quota: 3,
    });
    const detail = await http()
      .get(`/api/campaigns/${futureCampaign}`)
      .set(auth(hrToken))
      .expect(200);
    expect(detail.body.categories).toEqual([renamed.body]);
    const [entry] = await db.query<{ actor: string; details: Record<string, unknown> }>(
      `SELECT actor, details FROM audit_log WHERE action = 'campaign.category_update'
         AND subject = $1`,
      [`campaign:${futureCampaign}`],
    );
    expect(entry.actor).toMatch(/^user:/);
    expect(entry.details).toMatchObject({
      categoryId: futureCategory,
      code: '08',
      before: { nameZh: '工学', nameEn: 'Engineering' },
      after: { nameZh: '工学（含交叉学科）' },
    });

    // Blank, too long, NUL, a wrong type, an unknown field (the code is fixed): 400 at the field.
    const refused: [Record<string, unknown>, string][] = [
      [{ nameZh: '   ' }, 'nameZh'],
      [{ nameEn: '' }, 'nameEn'],
      [{ nameZh: '工'.repeat(101) }, 'nameZh'],
      [{ nameEn: 'a\u0000b' }, 'nameEn'],
      [{ sortOrder: 1.5 }, 'sortOrder'],
      [{ sortOrder: -1 }, 'sortOrder'],
      [{ code: '07' }, 'code'],
    ];
    for (const [body, field] of refused) {
      const response = await http().patch(url).set(auth(hrToken)).send(body).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
    }
    const zh = await http().patch(url).set(auth(hrToken)).send({ nameZh: ' ' }).expect(400);
    expect(zh.body.details[0].messages[0]).toBe('nameZh 不能为空');

    // Not HR's to change, or not this campaign's category.
    await http().patch(url).set(auth(alice.token)).send({ nameZh: '改' }).expect(403);
    await http()
      .patch(`/api/campaigns/${campaignId}/categories/${futureCategory}`)
      .set(auth(hrToken))
      .send({ nameZh: '改' })
      .expect(404);
    await http()
      .patch(`/api/campaigns/${futureCampaign}/categories/not-a-uuid`)
      .set(auth(hrToken))
      .send({ nameZh: '改' })
      .expect(400);
    const unchanged = await http().get(`/api/campaigns/${futureCampaign}`).set(auth(hrToken));
    expect(unchanged.body.categories[0].nameZh).toBe('工学（含交叉学科）');
  });

  it('refuses an application outside the window with 422 and the window in the message', async () => {
    const response = await http()
      .post('/api/applications')
      .set(auth(bob.token))
      .send({ postId: futurePost })
      .expect(422);
    expect(response.body.code).toBe('OUTSIDE_REGISTRATION_WINDOW');
    expect(response.body.message).toMatch(
      /^不在报名时间内。报名时间为 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）$/,
    );
    expect(response.body.message).toContain(response.body.details.opensAt);
    const en = await http()
      .post('/api/applications')
      .set(auth(bob.token))
      .set('Accept-Language', 'en')
      .send({ postId: futurePost })
      .expect(422);
    expect(en.body.message).toContain(
      `from ${en.body.details.opensAt} to ${en.body.details.closesAt}`,
    );
  });

  it('refuses a malformed rule and a window that ends before it starts, per field', async () => {
    const rule = await http()
      .patch(`/api/campaigns/${futureCampaign}`)
      .set(auth(hrToken))
      .send({ eligibilityRule: { anyOf: [{ degree: 'doctor' }] } })
      .expect(400);
    expect(rule.body.details[0].field).toBe('eligibilityRule');
    expect(rule.body.details[0].messages[0]).toContain(
      'anyOf[0].degree must be one of bachelor, master, phd',
    );
    const window = await http()
      .patch(`/api/campaigns/${futureCampaign}`)
      .set(auth(hrToken))
      .send({ registrationClosesAt: '2020-01-01T00:00:00Z' })
      .expect(400);
    expect(window.body.details[0].field).toBe('registrationClosesAt');
  });

  it('a post with applications cannot be deleted; an unused one can', async () => {
    const inUse = await http()
      .delete(`/api/campaigns/${campaignId}/posts/${alicePost.id}`)
      .set(auth(hrToken))
      .expect(409);
    expect(inUse.body.code).toBe('IN_USE');
    await http()
      .delete(`/api/campaigns/${futureCampaign}/posts/${futurePost}`)
      .set(auth(hrToken))
      .expect(204);
  });

  it('a category is deleted only once nothing uses it: 409 with the counts before', async () => {
    // The demo category of alice's post: posts and applications hang off it.
    const withApplications = await http()
      .delete(`/api/campaigns/${campaignId}/categories/${alicePost.categoryId}`)
      .set(auth(hrToken))
      .expect(409);
    expect(withApplications.body.code).toBe('IN_USE');
    expect(withApplications.body.details.posts).toBeGreaterThan(0);
    expect(withApplications.body.details.applications).toBeGreaterThan(0);
    const [{ count }] = await db.query<{ count: string }>(
      'SELECT count(*) FROM campaign_categories WHERE id = $1',
      [alicePost.categoryId],
    );
    expect(Number(count)).toBe(1);

    // A category with a post nobody applied to is kept too, until the post goes.
    const post = await http()
      .post(`/api/campaigns/${futureCampaign}/posts`)
      .set(auth(hrToken))
      .send({ categoryId: futureCategory, code: 'P-02', title: '电气工程岗位', quota: 1 })
      .expect(201);
    const withPost = await http()
      .delete(`/api/campaigns/${futureCampaign}/categories/${futureCategory}`)
      .set(auth(hrToken))
      .set('Accept-Language', 'en')
      .expect(409);
    expect(withPost.body).toMatchObject({
      code: 'IN_USE',
      message: 'This item is in use and cannot be deleted',
    });
    expect(withPost.body.details).toEqual({
      posts: 1,
      applications: 0,
      sessions: 0,
      questionSets: 0,
      rubrics: 0,
      publications: 0,
    });
    await http()
      .delete(`/api/campaigns/${futureCampaign}/posts/${post.body.id}`)
      .set(auth(hrToken))
      .expect(204);

    // Sessions, question sets, rubrics and score publications name the category by its code
    // (no foreign key): while any of this campaign's does, the empty category stays.
    const refusedWith = async (uses: Record<string, number>) => {
      const refused = await http()
        .delete(`/api/campaigns/${futureCampaign}/categories/${futureCategory}`)
        .set(auth(hrToken))
        .expect(409);
      expect(refused.body.code).toBe('IN_USE');
      expect(refused.body.details).toEqual({
        posts: 0,
        applications: 0,
        sessions: 0,
        questionSets: 0,
        rubrics: 0,
        publications: 0,
        ...uses,
      });
    };
    const insertSession = async (campaign: string, code: string) => {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO interview_sessions (campaign_id, category_code, title, starts_at, ends_at)
         VALUES ($1, $2, '工学类第 1 场', now() + interval '20 days',
                 now() + interval '20 days 2 hours')
         RETURNING id`,
        [campaign, code],
      );
      return row.id;
    };
    // The same code in another campaign, or another code in this one, is not a use.
    const others = [
      await insertSession(campaignId, '08'),
      await insertSession(futureCampaign, '07'),
    ];
    const session = await insertSession(futureCampaign, '08');
    await refusedWith({ sessions: 1 });
    await db.query(
      `INSERT INTO score_publications (session_id, candidate_id, campaign_id, category_code,
         rubric, method, sheets, result, final_score, announcement_zh, announcement_en,
         published_by)
       VALUES ($1, gen_random_uuid(), $2, '08', '{}', 'total-trimmed-mean', '[]', '{}', 80,
         '', '', gen_random_uuid())`,
      [session, futureCampaign],
    );
    await refusedWith({ sessions: 1, publications: 1 });
    await db.query('DELETE FROM score_publications WHERE session_id = $1', [session]);
    await db.query('DELETE FROM interview_sessions WHERE id = $1', [session]);

    await db.query(
      `INSERT INTO scoring_rubrics (campaign_id, category_code, dimensions)
       VALUES ($1, '08', '[]')`,
      [futureCampaign],
    );
    await refusedWith({ rubrics: 1 });
    await db.query('DELETE FROM scoring_rubrics WHERE campaign_id = $1', [futureCampaign]);

    const [bank] = await db.query<{ id: string }>(
      'INSERT INTO question_banks (campaign_id) VALUES ($1) RETURNING id',
      [futureCampaign],
    );
    await db.query(
      `INSERT INTO question_sets (id, bank_id, campaign_id, category_code, code, title,
         question_count, content)
       VALUES (gen_random_uuid(), $1, $2, '08', 'S-01', '工学类第一套', 1, '\\x00')`,
      [bank.id, futureCampaign],
    );
    await refusedWith({ questionSets: 1 });
    const [{ kept }] = await db.query<{ kept: string }>(
      'SELECT count(*) AS kept FROM campaign_categories WHERE id = $1',
      [futureCategory],
    );
    expect(Number(kept)).toBe(1);
    await db.query('DELETE FROM question_banks WHERE id = $1', [bank.id]);

    // Nothing refers to it any more: it goes.
    await http()
      .delete(`/api/campaigns/${futureCampaign}/categories/${futureCategory}`)
      .set(auth(hrToken))
      .expect(204);
    await db.query('DELETE FROM interview_sessions WHERE id = ANY($1)', [others]);
    const detail = await http().get(`/api/campaigns/${futureCampaign}`).set(auth(hrToken));
    expect(detail.body.categories).toEqual([]);
    expect(
      await db.query(
        `SELECT 1 FROM audit_log WHERE action = 'campaign.category_remove' AND subject = $1`,
        [`campaign:${futureCampaign}`],
      ),
    ).toHaveLength(1);
  });
});

describe('withdrawal', () => {
  it('a candidate withdraws before review and may apply again in the same campaign', async () => {
    const carol = await registerCandidate(app, '13900139000');
    await http()
      .put('/api/profile')
      .set(auth(carol.token))
      .send({ fullName: '陈卡罗', idNumber: idNumber('19900505', '124') })
      .expect(200);
    await http()
      .post('/api/profile/education')
      .set(auth(carol.token))
      .send({
        degree: 'phd',
        universityName: 'Peking University',
        disciplineCode: '0202',
        graduationDate: '2023-07-01',
      })
      .expect(201);
    const first = await http()
      .post('/api/applications')
      .set(auth(carol.token))
      .send({ postId: bobPost.id })
      .expect(201);
    expect(first.body).toMatchObject({ eligible: true, universityTier: '985' });
    const withdrawn = await http()
      .post(`/api/applications/${first.body.id}/withdraw`)
      .set(auth(carol.token))
      .send({ reason: '选错岗位' })
      .expect(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    const again = await http()
      .post('/api/applications')
      .set(auth(carol.token))
      .send({ postId: bobPost.id })
      .expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.history.map((h: { status: string }) => h.status)).toEqual([
      'submitted',
      'withdrawn',
      'submitted',
    ]);
  });
});
