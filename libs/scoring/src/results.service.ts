import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CampaignEntity } from '@yunzhao/campaigns';
import {
  CandidatePanelTotals,
  examinerLeniency,
  formatScore,
  rankResults,
  ScoreAggregate,
} from '@yunzhao/domain';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { ResultGrouping } from './dto/scoring.dto';
import { notFound } from './scoring-access';

export interface ResultRow {
  rank: number;
  tied: boolean;
  candidateId: string;
  candidateName: string;
  score: number;
  publishedScore: number;
  corrected: boolean;
  categoryCode: string;
  postCode: string | null;
  postTitle: string | null;
  sessionId: string;
  sessionTitle: string;
  publishedAt: string;
}

export interface ResultGroup {
  /** Category code or post code, by the grouping asked for. */
  key: string;
  label: string;
  rows: ResultRow[];
}

export interface Distribution {
  id: string;
  label: string;
  count: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  /** Counts per 10-point bucket: [0,10), [10,20), … [90,100]. */
  buckets: number[];
}

export interface ScoringAnalytics {
  campaignId: string;
  sessions: Distribution[];
  examiners: Distribution[];
  leniency: { examinerId: string; name: string; candidateCount: number; meanDeviation: number }[];
}

interface PublishedRow {
  publication_id: string;
  session_id: string;
  session_title: string;
  candidate_id: string;
  candidate_name: string;
  category_code: string;
  post_code: string | null;
  post_title: string | null;
  published_score: string;
  corrected_score: string | null;
  result: ScoreAggregate;
  corrected_result: ScoreAggregate | null;
  published_at: Date;
}

const BUCKETS = 10;

function distribution(id: string, label: string, values: number[]): Distribution {
  const buckets = new Array<number>(BUCKETS).fill(0);
  for (const value of values) buckets[Math.min(BUCKETS - 1, Math.max(0, Math.floor(value / 10)))]++;
  const sum = values.reduce((s, v) => s + Math.round(v * 100), 0);
  return {
    id,
    label,
    count: values.length,
    mean: values.length ? Math.round(sum / values.length) / 100 : null,
    min: values.length ? Math.min(...values) : null,
    max: values.length ? Math.max(...values) : null,
    buckets,
  };
}

const HEADERS = {
  rank: '名次 Rank',
  tied: '并列 Tied',
  group: '分组 Group',
  candidate: '考生 Candidate',
  score: '成绩 Score',
  published: '公布成绩 Published',
  corrected: '已更正 Corrected',
  category: '类别 Category',
  post: '岗位 Post',
  session: '场次 Session',
};

/** Rankings, exports and the HR charts, all from current (corrected or published) scores. */
@Injectable()
export class ResultsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async ranking(campaignId: string, by: ResultGrouping = 'category'): Promise<ResultGroup[]> {
    const rows = await this.published(campaignId);
    const groups = new Map<string, { label: string; rows: PublishedRow[] }>();
    for (const row of rows) {
      const key = by === 'post' ? (row.post_code ?? '-') : row.category_code;
      const label = by === 'post' ? (row.post_title ?? key) : row.category_code;
      const group = groups.get(key) ?? { label, rows: [] };
      group.rows.push(row);
      groups.set(key, group);
    }
    return [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, group]) => {
        const byId = new Map(group.rows.map((row) => [row.candidate_id, row]));
        const ranked = rankResults(
          group.rows.map((row) => ({ id: row.candidate_id, score: this.scoreOf(row) })),
        );
        return {
          key,
          label: group.label,
          rows: ranked.map((entry) => {
            const row = byId.get(entry.id) as PublishedRow;
            return {
              rank: entry.rank,
              tied: entry.tied,
              candidateId: row.candidate_id,
              candidateName: row.candidate_name,
              score: entry.score,
              publishedScore: Number(row.published_score),
              corrected: row.corrected_score !== null,
              categoryCode: row.category_code,
              postCode: row.post_code,
              postTitle: row.post_title,
              sessionId: row.session_id,
              sessionTitle: row.session_title,
              publishedAt: row.published_at.toISOString(),
            };
          }),
        };
      });
  }

  async csv(campaignId: string, by: ResultGrouping): Promise<string> {
    const groups = await this.ranking(campaignId, by);
    const quote = (value: string) =>
      /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
    // Guard against formula injection when the file is opened in a spreadsheet.
    const cell = (value: string) => quote(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
    const lines = [Object.values(HEADERS).map(cell).join(',')];
    for (const group of groups) {
      for (const row of group.rows) {
        lines.push(
          [
            String(row.rank),
            row.tied ? '是' : '',
            group.label,
            row.candidateName,
            formatScore(row.score),
            formatScore(row.publishedScore),
            row.corrected ? '是' : '',
            row.categoryCode,
            row.postCode ?? '',
            row.sessionTitle,
          ]
            .map(cell)
            .join(','),
        );
      }
    }
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }

  async xlsx(campaignId: string, by: ResultGrouping): Promise<Buffer> {
    const groups = await this.ranking(campaignId, by);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('成绩排名 Ranking');
    sheet.columns = Object.entries(HEADERS).map(([key, header]) => ({ key, header, width: 18 }));
    for (const group of groups) {
      for (const row of group.rows) {
        sheet.addRow({
          rank: row.rank,
          tied: row.tied ? '是' : '',
          group: group.label,
          candidate: row.candidateName,
          score: row.score,
          published: row.publishedScore,
          corrected: row.corrected ? '是' : '',
          category: row.categoryCode,
          post: row.postCode ?? '',
          session: row.sessionTitle,
        });
      }
    }
    sheet.getColumn('score').numFmt = '0.00';
    sheet.getColumn('published').numFmt = '0.00';
    sheet.getRow(1).font = { bold: true };
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  async analytics(campaignId: string): Promise<ScoringAnalytics> {
    const rows = await this.published(campaignId);
    const sessions = new Map<string, { label: string; scores: number[] }>();
    const examinerTotals = new Map<string, number[]>();
    const panels: CandidatePanelTotals[] = [];
    for (const row of rows) {
      const session = sessions.get(row.session_id) ?? { label: row.session_title, scores: [] };
      session.scores.push(this.scoreOf(row));
      sessions.set(row.session_id, session);
      const result = row.corrected_result ?? row.result;
      panels.push({ candidateId: row.candidate_id, totals: result.totals });
      for (const { examinerId, total } of result.totals) {
        examinerTotals.set(examinerId, [...(examinerTotals.get(examinerId) ?? []), total]);
      }
    }
    const names = await this.names([...examinerTotals.keys()]);
    return {
      campaignId,
      sessions: [...sessions.entries()].map(([id, s]) => distribution(id, s.label, s.scores)),
      examiners: [...examinerTotals.entries()]
        .map(([id, totals]) => distribution(id, names.get(id) ?? id, totals))
        .sort((a, b) => a.label.localeCompare(b.label)),
      leniency: examinerLeniency(panels).map((entry) => ({
        ...entry,
        name: names.get(entry.examinerId) ?? entry.examinerId,
      })),
    };
  }

  private scoreOf(row: PublishedRow): number {
    return Number(row.corrected_score ?? row.published_score);
  }

  private async names(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.query<{ id: string; display_name: string }[]>(
      'SELECT id, display_name FROM users WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.display_name]));
  }

  private async published(campaignId: string): Promise<PublishedRow[]> {
    if (!(await this.dataSource.getRepository(CampaignEntity).existsBy({ id: campaignId }))) {
      throw notFound();
    }
    return this.dataSource.query<PublishedRow[]>(
      `SELECT p.id AS publication_id, p.session_id, s.title AS session_title,
              p.candidate_id, u.display_name AS candidate_name, p.category_code,
              po.code AS post_code, po.title AS post_title,
              p.final_score AS published_score, c.final_score AS corrected_score,
              p.result, c.result AS corrected_result, p.published_at
         FROM score_publications p
         JOIN interview_sessions s ON s.id = p.session_id
         JOIN users u ON u.id = p.candidate_id
         LEFT JOIN session_slots sl ON sl.session_id = p.session_id AND sl.candidate_id = p.candidate_id
         LEFT JOIN applications a ON a.id = sl.application_id
         LEFT JOIN posts po ON po.id = a.post_id
         LEFT JOIN LATERAL (
           SELECT final_score, result FROM score_corrections
            WHERE publication_id = p.id AND approved_at IS NOT NULL
            ORDER BY approved_at DESC LIMIT 1) c ON true
        WHERE p.campaign_id = $1
        ORDER BY p.published_at`,
      [campaignId],
    );
  }
}
