import { DegreeLevel, SHUICHENG_RULE } from '@yunzhao/domain';
import { DataSource } from 'typeorm';

/**
 * The six categories of the demo campaign and how many of the 220 posts each
 * gets. The mission names economics, management and engineering; the other
 * three are chosen for a Shandong city whose nine leading industries include
 * non-ferrous metals and new materials, high-end chemicals, equipment and new
 * energy vehicles (engineering, science), biomedicine and health (medicine),
 * and agricultural products and food processing (agriculture), plus modern
 * logistics, finance and cultural tourism (economics, management).
 */
export const DEMO_CATEGORIES: readonly { code: string; posts: number }[] = [
  { code: '08', posts: 60 }, // 工学 Engineering
  { code: '07', posts: 35 }, // 理学 Science
  { code: '02', posts: 35 }, // 经济学 Economics
  { code: '12', posts: 35 }, // 管理学 Management
  { code: '10', posts: 30 }, // 医学 Medicine
  { code: '09', posts: 25 }, // 农学 Agriculture
];

export const DEMO_CAMPAIGN_NAME = '水城优才';

// Any constant works; it only has to be the same in every process.
const SEED_LOCK_KEY = 7_244_301;
const DAY_MS = 86_400_000;

// Post degree restrictions, cycled: most posts take all three levels the rule
// allows, some only postgraduates, a few only PhDs.
const DEGREE_PATTERNS: DegreeLevel[][] = [
  [],
  [],
  ['phd', 'master'],
  [],
  ['phd'],
  ['phd', 'master'],
  [],
];

/**
 * Seeds the "Shuicheng Youcai" campaign (six categories, 220 posts, the case's
 * eligibility rule, registration open around `now`, interviews after it) when
 * the database has no campaign at all. Returns the new campaign's id, or null
 * when there already was a campaign. Safe to call from several instances.
 */
export async function seedDemoCampaign(
  dataSource: DataSource,
  now = new Date(),
): Promise<string | null> {
  return dataSource.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
    const [{ count }] = await tx.query<{ count: string }[]>(
      'SELECT count(*) AS count FROM campaigns',
    );
    if (Number(count) > 0) return null;
    const day = (offset: number) => new Date(now.getTime() + offset * DAY_MS);
    const [campaign] = await tx.query<{ id: string }[]>(
      `INSERT INTO campaigns (name, description, announcement, registration_opens_at, registration_closes_at,
                              interview_starts_at, interview_ends_at, status, eligibility_rule)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8) RETURNING id`,
      [
        DEMO_CAMPAIGN_NAME,
        '面向全国公开引进高层次人才，岗位按学科门类设置，面试全程“屏对屏”在线进行。',
        '“水城优才”高层次人才引进公告：面向全国引进博士研究生、重点院校硕士研究生和“双一流”建设高校本科毕业生，' +
          '共设 220 个岗位，分经济学、管理学、工学、理学、医学、农学六大类。报名、资格审核和面试均在线进行；' +
          '录用后根据本人专业和意愿匹配到市、县事业单位具体岗位。',
        day(-1),
        day(14),
        day(21),
        day(23),
        JSON.stringify(SHUICHENG_RULE),
      ],
    );
    for (const [index, { code, posts }] of DEMO_CATEGORIES.entries()) {
      const [category] = await tx.query<{ id: string }[]>(
        `INSERT INTO campaign_categories (campaign_id, code, name_zh, name_en, sort_order)
         SELECT $1, code, name_zh, name_en, $3 FROM disciplines WHERE code = $2 AND level = 'category'
         RETURNING id, name_zh`,
        [campaign.id, code, index + 1],
      );
      const disciplines = await tx.query<{ code: string; name_zh: string }[]>(
        `SELECT code, name_zh FROM disciplines WHERE category_code = $1 AND level = 'discipline' ORDER BY code`,
        [code],
      );
      const rows = Array.from({ length: posts }, (_, n) => {
        const discipline = disciplines[n % disciplines.length];
        // Every fifth post takes the whole category, the others one discipline.
        const wholeCategory = n % 5 === 4;
        return {
          code: `SC-${code}-${String(n + 1).padStart(3, '0')}`,
          title: wholeCategory
            ? `${(category as { name_zh?: string }).name_zh ?? code}类综合岗位 ${n + 1}`
            : `${discipline.name_zh}岗位 ${n + 1}`,
          quota: 1 + (n % 3),
          degreeLevels: DEGREE_PATTERNS[n % DEGREE_PATTERNS.length],
          disciplines: wholeCategory ? [code] : [discipline.code],
        };
      });
      await tx.query(
        `INSERT INTO posts (campaign_id, category_id, code, title, quota, degree_levels, disciplines, requirements)
         SELECT $1, $2, r.code, r.title, r.quota,
                ARRAY(SELECT jsonb_array_elements_text(r.degree_levels)),
                ARRAY(SELECT jsonb_array_elements_text(r.disciplines)),
                '专业对口，具有相应学位；应届毕业生须在报到前取得学历学位证书。'
           FROM jsonb_to_recordset($3::jsonb)
             AS r(code text, title text, quota int, degree_levels jsonb, disciplines jsonb)`,
        [campaign.id, category.id, JSON.stringify(rows)],
      );
    }
    return campaign.id;
  });
}
