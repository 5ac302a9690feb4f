// The minimal baseline: plain fastify + pg doing the same insert (application
// row plus its history row, same tables), with no auth, validation or verdict.
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';

const VERDICT = JSON.stringify([{ 'zh-CN': '符合报名条件', en: 'Eligible' }]);

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
  const app = Fastify({ logger: false });
  app.post<{ Body: { candidateId: string; campaignId: string; postId: string } }>(
    '/applications',
    async (request, reply) => {
      const { candidateId, campaignId, postId } = request.body;
      const { rows } = await pool.query<{ id: string }>(
        `WITH saved AS (
         INSERT INTO applications (campaign_id, post_id, candidate_id, status, eligible, verdict_reasons,
                                   degree, university_name, university_tier, discipline_code, submitted_at)
         VALUES ($1, $2, $3, 'submitted', true, $4, 'phd', '山东大学', '985', '0812', now())
         ON CONFLICT ON CONSTRAINT applications_candidate_campaign_key DO NOTHING
         RETURNING id
       ), logged AS (
         INSERT INTO application_history (application_id, status, actor) SELECT id, 'submitted', $5 FROM saved
       )
       SELECT id FROM saved`,
        [campaignId, postId, candidateId, VERDICT, `user:${candidateId}`],
      );
      if (rows.length === 0) return reply.code(409).send({ code: 'APPLICATION_EXISTS' });
      return reply.code(201).send({ id: rows[0].id });
    },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`READY ${(app.server.address() as AddressInfo).port}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`baseline failed: ${String(error)}\n`);
  process.exit(1);
});
