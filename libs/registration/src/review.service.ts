import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@yunzhao/audit';
import { ErrorCode, Locale } from '@yunzhao/contracts';
import { AppException } from '@yunzhao/core';
import { DEGREE_LABELS, maskIdNumber, maskPhone, TIER_LABELS, BestTier } from '@yunzhao/domain';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import {
  APPLICATION_SELECT,
  ApplicationRow,
  ApplicationsService,
  ApplicationView,
  HistoryView,
  toApplicationView,
} from './applications.service';
import { DocumentsService, DocumentView } from './documents.service';
import { ReviewQuery } from './dto/registration.dto';
import { toCsv } from './export-format';
import { EducationView, ProfileService } from './profile.service';
import { ApplicationStatus } from './registration.entity';

export const MAX_EXPORT_ROWS = 50_000;

export interface ReviewListItem extends ApplicationView {
  candidate: {
    id: string;
    fullName: string;
    idNumberMasked: string;
    phoneMasked: string | null;
    sex: string;
  };
}

export interface ReviewDetail extends ApplicationView {
  /** Full personal data: shown on the single-application view only, and audited. */
  candidate: {
    id: string;
    fullName: string;
    idNumber: string;
    birthDate: string;
    sex: string;
    phone: string | null;
    email: string | null;
  };
  education: EducationView[];
  documents: DocumentView[];
  history: HistoryView[];
}

interface ReviewRow extends ApplicationRow {
  full_name: string;
  id_number: string;
  phone: string | null;
  sex: string;
}

const STATUS_LABELS: Record<ApplicationStatus, Record<Locale, string>> = {
  submitted: { 'zh-CN': '待审核', en: 'Submitted' },
  withdrawn: { 'zh-CN': '已撤回', en: 'Withdrawn' },
  approved: { 'zh-CN': '审核通过', en: 'Approved' },
  rejected: { 'zh-CN': '审核未通过', en: 'Rejected' },
};

/** HR review of applications: filtered lists, decisions, exports. */
@Injectable()
export class ReviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly applications: ApplicationsService,
    private readonly profiles: ProfileService,
    private readonly documents: DocumentsService,
    private readonly audit: AuditService,
  ) {}

  private where(query: ReviewQuery): { sql: string; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      clauses.push(sql.replace('?', `$${params.length}`));
    };
    if (query.campaignId) add('a.campaign_id = ?', query.campaignId);
    if (query.categoryId) add('p.category_id = ?', query.categoryId);
    if (query.postId) add('a.post_id = ?', query.postId);
    if (query.degree) add('a.degree = ?', query.degree);
    if (query.universityTier) add('a.university_tier = ?', query.universityTier);
    if (query.status) add('a.status = ?', query.status);
    if (query.eligible) add('a.eligible = ?', query.eligible === 'true');
    return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }

  private selectWithCandidate(): string {
    return APPLICATION_SELECT.replace(
      'FROM applications a',
      `, cp.full_name, cp.id_number, cp.phone, cp.sex
    FROM applications a
    JOIN candidate_profiles cp ON cp.user_id = a.candidate_id`,
    );
  }

  /** A page of applications; ID numbers and phones masked. */
  async list(query: ReviewQuery): Promise<{ total: number; items: ReviewListItem[] }> {
    const { sql, params } = this.where(query);
    const [{ total }] = await this.dataSource.query<{ total: string }[]>(
      `SELECT count(*) AS total FROM applications a JOIN posts p ON p.id = a.post_id ${sql}`,
      params,
    );
    const rows = await this.dataSource.query<ReviewRow[]>(
      `${this.selectWithCandidate()} ${sql} ORDER BY a.submitted_at, a.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    );
    return { total: Number(total), items: rows.map((row) => this.toListItem(row)) };
  }

  private toListItem(row: ReviewRow): ReviewListItem {
    return {
      ...toApplicationView(row),
      candidate: {
        id: row.candidate_id,
        fullName: row.full_name,
        idNumberMasked: maskIdNumber(row.id_number),
        phoneMasked: row.phone ? maskPhone(row.phone) : null,
        sex: row.sex,
      },
    };
  }

  /** One application with the candidate's full personal data; the viewing is audited. */
  async detail(id: string, actor: string): Promise<ReviewDetail> {
    const [row] = await this.dataSource.query<
      (ReviewRow & { birth_date: string; email: string | null })[]
    >(
      `${this.selectWithCandidate().replace('cp.sex', 'cp.sex, cp.birth_date::text AS birth_date, cp.email')} WHERE a.id = $1`,
      [id],
    );
    if (!row) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
    await this.audit.record({
      actor,
      action: 'application.view_pii',
      subject: `application:${id}`,
      details: { candidate: `user:${row.candidate_id}` },
    });
    return {
      ...toApplicationView(row),
      candidate: {
        id: row.candidate_id,
        fullName: row.full_name,
        idNumber: row.id_number,
        birthDate: row.birth_date,
        sex: row.sex,
        phone: row.phone,
        email: row.email,
      },
      education: await this.profiles.listEducation(row.candidate_id),
      documents: await this.documents.listFor(row.candidate_id),
      history: await this.applications.history(id),
    };
  }

  /** Approves or rejects a submitted application; kept in its history and the audit log. */
  async decide(
    id: string,
    decision: 'approve' | 'reject',
    reason: string,
    actor: string,
  ): Promise<ApplicationView> {
    const status: ApplicationStatus = decision === 'approve' ? 'approved' : 'rejected';
    const trimmed = reason.trim();
    if (!trimmed) throw new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST);
    await this.dataSource.transaction(async (tx) => {
      const [row] = await tx.query<
        { status: ApplicationStatus; eligible: boolean; candidate_id: string }[]
      >('SELECT status, eligible, candidate_id FROM applications WHERE id = $1 FOR UPDATE', [id]);
      if (!row) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
      if (row.status !== 'submitted')
        throw new AppException(ErrorCode.ApplicationAlreadyDecided, HttpStatus.CONFLICT, {
          status: row.status,
        });
      await tx.query(
        'UPDATE applications SET status = $2, decision_reason = $3, updated_at = now() WHERE id = $1',
        [id, status, trimmed],
      );
      await tx.query(
        'INSERT INTO application_history (application_id, status, actor, reason) VALUES ($1, $2, $3, $4)',
        [id, status, actor, trimmed],
      );
      await this.audit.record(
        {
          actor,
          action: `application.${decision}`,
          subject: `application:${id}`,
          // The automatic verdict is kept so a decision against it stands out in review.
          details: {
            reason: trimmed,
            automaticVerdict: row.eligible ? 'eligible' : 'not_eligible',
          },
        },
        tx,
      );
    });
    const [row] = await this.dataSource.query<ApplicationRow[]>(
      `${APPLICATION_SELECT} WHERE a.id = $1`,
      [id],
    );
    return { ...toApplicationView(row), history: await this.applications.history(id) };
  }

  /** The filtered list as CSV (UTF-8 with BOM) or XLSX; personal data masked; audited. */
  async export(
    query: ReviewQuery,
    format: 'csv' | 'xlsx',
    locale: Locale,
    actor: string,
  ): Promise<{ content: Buffer; contentType: string; fileName: string }> {
    const { sql, params } = this.where(query);
    const rows = await this.dataSource.query<ReviewRow[]>(
      `${this.selectWithCandidate()} ${sql} ORDER BY a.submitted_at, a.id LIMIT ${MAX_EXPORT_ROWS}`,
      params,
    );
    const zh = locale === 'zh-CN';
    const header = zh
      ? [
          '报名编号',
          '姓名',
          '性别',
          '身份证号码',
          '手机号码',
          '招聘活动',
          '学科门类',
          '岗位代码',
          '岗位',
          '学历',
          '毕业院校',
          '院校层次',
          '专业代码',
          '资格初审',
          '审核状态',
          '审核意见',
          '报名时间',
        ]
      : [
          'Application',
          'Name',
          'Sex',
          'ID number',
          'Phone',
          'Campaign',
          'Category',
          'Post code',
          'Post',
          'Degree',
          'University',
          'Tier',
          'Discipline',
          'Automatic verdict',
          'Status',
          'Decision reason',
          'Submitted at',
        ];
    const sexLabel = (sex: string) =>
      sex === 'male' ? (zh ? '男' : 'male') : zh ? '女' : 'female';
    const table = rows.map((row) => [
      row.id,
      row.full_name,
      sexLabel(row.sex),
      maskIdNumber(row.id_number),
      row.phone ? maskPhone(row.phone) : '',
      row.campaign_name,
      `${row.category_code} ${zh ? row.category_name_zh : row.category_name_en}`,
      row.post_code,
      row.post_title,
      DEGREE_LABELS[row.degree][locale],
      row.university_name,
      TIER_LABELS[row.university_tier as BestTier]?.[locale] ?? row.university_tier,
      row.discipline_code,
      row.eligible ? (zh ? '符合' : 'eligible') : zh ? '不符合' : 'not eligible',
      STATUS_LABELS[row.status][locale],
      row.decision_reason ?? '',
      new Date(row.submitted_at).toISOString(),
    ]);
    await this.audit.record({
      actor,
      action: 'application.export',
      subject: query.campaignId ? `campaign:${query.campaignId}` : 'applications',
      details: {
        format,
        rows: rows.length,
        filters: JSON.parse(JSON.stringify({ ...query, limit: undefined, offset: undefined })),
      },
    });
    const stamp = new Date().toISOString().slice(0, 10);
    if (format === 'csv') {
      return {
        content: Buffer.from(toCsv(header, table), 'utf8'),
        contentType: 'text/csv; charset=utf-8',
        fileName: `applications-${stamp}.csv`,
      };
    }
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet(zh ? '报名名单' : 'Applications');
    sheet.addRow(header).font = { bold: true };
    // exceljs writes strings as text cells, so user input is never read as a formula.
    for (const line of table) sheet.addRow(line);
    sheet.columns.forEach((column) => {
      column.width = 16;
    });
    return {
      content: Buffer.from(await workbook.xlsx.writeBuffer()),
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileName: `applications-${stamp}.xlsx`,
    };
  }
}
