// Shared by the matching services: errors, views and the text a person reads.
import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@yunzhao/contracts';
import { AppException } from '@yunzhao/core';
import { explainAssignment, MatchExplanation, MatchLocale, ordinalEn } from '@yunzhao/domain';
import { EntityManager } from 'typeorm';
import {
  MatchingPositionEntity,
  MatchingSettingsEntity,
  PositionLevel,
  RunOverride,
} from './matching.entity';

export const notFound = () => new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
export const unprocessable = (code: ErrorCode, details?: unknown) =>
  new AppException(code, HttpStatus.UNPROCESSABLE_ENTITY, details);

/** Both languages at once: the web shows the one the reader chose. */
export interface Bilingual {
  'zh-CN': string;
  en: string;
}

export interface PositionView {
  id: string;
  code: string;
  unit: string;
  title: string;
  level: PositionLevel;
  disciplines: string[];
  quota: number;
}

export function toPositionView(row: MatchingPositionEntity): PositionView {
  return {
    id: row.id,
    code: row.code,
    unit: row.unit,
    title: row.title,
    level: row.level,
    disciplines: row.disciplines,
    quota: row.quota,
  };
}

const BEIJING_OFFSET_MS = 8 * 3600_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-12-20 09:00" in Beijing time. */
export function beijingTime(date: Date): string {
  const t = new Date(date.getTime() + BEIJING_OFFSET_MS);
  return (
    `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ` +
    `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`
  );
}

/** The campaign's settings row, created with the defaults on first use and locked for the tx. */
export async function lockSettings(
  tx: EntityManager,
  campaignId: string,
): Promise<MatchingSettingsEntity> {
  const [campaign] = await tx.query<{ id: string }[]>(
    'SELECT id FROM campaigns WHERE id = $1 FOR SHARE',
    [campaignId],
  );
  if (!campaign) throw notFound();
  await tx.query(
    'INSERT INTO matching_settings (campaign_id) VALUES ($1) ON CONFLICT (campaign_id) DO NOTHING',
    [campaignId],
  );
  return tx
    .getRepository(MatchingSettingsEntity)
    .createQueryBuilder('s')
    .setLock('pessimistic_write')
    .where('s.campaign_id = :campaignId', { campaignId })
    .getOneOrFail();
}

export function positionLabeler(positions: Iterable<MatchingPositionEntity | PositionView>) {
  const labels = new Map<string, string>();
  for (const p of positions) labels.set(p.id, `${p.unit} · ${p.title}（${p.code}）`);
  return (id: string) => labels.get(id) ?? id;
}

/** The explanation a hire reads, in both languages; HR's override replaces the algorithm's. */
export function explain(
  explanation: MatchExplanation,
  label: (id: string) => string,
  override?: RunOverride,
): Bilingual {
  if (override) {
    const position = label(override.to);
    return {
      'zh-CN': `第${override.choice}志愿（${position}）：经人事部门调整。理由：${override.reason}`,
      en: `${ordinalEn(override.choice)} choice (${position}): adjusted by HR. Reason: ${override.reason}`,
    };
  }
  const render = (locale: MatchLocale) =>
    explainAssignment(explanation, locale, { positionLabel: label });
  return { 'zh-CN': render('zh-CN'), en: render('en') };
}
