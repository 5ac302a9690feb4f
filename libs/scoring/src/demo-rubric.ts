import type { EntityManager } from 'typeorm';
import type { StoredDimension } from './scoring.entity';

/**
 * The 100-point structured-interview sheet the demo campaign uses (civil-service practice):
 * eight dimensions with 好/中/差 bands.
 */
const sheet = (key: string, label: string, labelEn: string, max: number): StoredDimension => {
  const good = Math.round(max * 0.75 * 100) / 100;
  const fair = Math.round(max * 0.45 * 100) / 100;
  return {
    key,
    label,
    labelEn,
    max,
    bands: [
      { label: '好', min: good, max },
      { label: '中', min: fair, max: Math.round((good - 0.01) * 100) / 100 },
      { label: '差', min: 0, max: Math.round((fair - 0.01) * 100) / 100 },
    ],
  };
};

export const DEMO_RUBRIC: readonly StoredDimension[] = [
  sheet('analysis', '综合分析能力', 'Analysis', 17),
  sheet('expression', '言语表达能力', 'Verbal expression', 17),
  sheet('adaptability', '应变能力', 'Adaptability', 14),
  sheet('planning', '计划组织协调能力', 'Planning and coordination', 14),
  sheet('interpersonal', '人际交往意识与技巧', 'Interpersonal skills', 13),
  sheet('emotionalControl', '情绪稳定性', 'Emotional control', 10),
  sheet('motivation', '求职动机与拟任职位的匹配性', 'Motivation and fit', 7),
  sheet('bearing', '举止仪表', 'Bearing', 8),
];

/**
 * Gives a campaign the demo sheet as its default rubric (category '*') unless it already has
 * one, and the default aggregation method. For the demo seed (campaigns engineer / lead):
 * `await seedDemoRubric(dataSource.manager, campaignId)`. Returns whether it wrote anything.
 */
export async function seedDemoRubric(manager: EntityManager, campaignId: string): Promise<boolean> {
  const inserted = await manager.query<{ id: string }[]>(
    `INSERT INTO scoring_rubrics (campaign_id, category_code, dimensions)
     VALUES ($1, '*', $2::jsonb)
     ON CONFLICT ON CONSTRAINT scoring_rubrics_campaign_category DO NOTHING
     RETURNING id`,
    [campaignId, JSON.stringify(DEMO_RUBRIC)],
  );
  await manager.query(
    `INSERT INTO scoring_settings (campaign_id) VALUES ($1) ON CONFLICT (campaign_id) DO NOTHING`,
    [campaignId],
  );
  return inserted.length > 0;
}
