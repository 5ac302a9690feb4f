import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@yunzhao/audit';
import { lockCategoryCodes } from '@yunzhao/campaigns';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { ErrorCode } from '@yunzhao/contracts';
import { AppException } from '@yunzhao/core';
import { canonicalJson } from '@yunzhao/domain';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  bankCommitment,
  ImportProblem,
  QuestionContent,
  QuestionSetInput,
  readBankImport,
} from './bank-content';
import { readBankXlsx, XlsxReadError } from './bank-xlsx';
import { ContentBoxError, openContent, questionBankKey, sealContent } from './content-crypto';
import {
  QuestionBankEntity,
  QuestionSetEntity,
  QuestionSetUseEntity,
} from './question-bank.entity';

/** What multer hands over (memory storage). */
export interface ImportFile {
  originalname: string;
  size: number;
  buffer: Buffer;
}

export interface QuestionSetSummary {
  id: string;
  code: string;
  categoryCode: string;
  title: string;
  questionCount: number;
  /** The session that drew this set, if any. */
  usedBySessionId: string | null;
  updatedAt: string;
}

export interface BankView {
  campaignId: string;
  sealed: boolean;
  sealedAt: string | null;
  commitment: string | null;
  warningSeconds: number;
  sets: QuestionSetSummary[];
}

export interface QuestionSetContentView extends Omit<QuestionSetSummary, 'updatedAt'> {
  questions: QuestionContent[];
}

const notFound = () => new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
const invalid = (problems: ImportProblem[]) =>
  new AppException(ErrorCode.QuestionImportInvalid, HttpStatus.UNPROCESSABLE_ENTITY, { problems });

/** Detects the import's format from its bytes, never from its name or Content-Type. */
export function detectImportFormat(bytes: Buffer): 'xlsx' | 'json' | null {
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x504b0304) return 'xlsx';
  const head = bytes
    .subarray(0, 64)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return head.startsWith('{') ? 'json' : null;
}

/** The question bank of each campaign: import, seal, unseal, and decrypting for draws. */
@Injectable()
export class QuestionBankService {
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {
    this.key = questionBankKey(config.questionBank.key, config.auth.jwtSecret);
  }

  async view(campaignId: string): Promise<BankView> {
    await this.campaignCategories(this.dataSource.manager, campaignId);
    const bank = await this.dataSource.getRepository(QuestionBankEntity).findOneBy({ campaignId });
    const sets = bank
      ? await this.dataSource.getRepository(QuestionSetEntity).find({
          where: { bankId: bank.id },
          order: { categoryCode: 'ASC', code: 'ASC' },
        })
      : [];
    const uses = await this.usesOf(sets.map((set) => set.id));
    return {
      campaignId,
      sealed: bank?.sealedAt != null,
      sealedAt: bank?.sealedAt?.toISOString() ?? null,
      commitment: bank?.commitment ?? null,
      warningSeconds: this.warningSecondsOf(bank),
      sets: sets.map((set) => ({
        ...this.summary(set, uses),
        updatedAt: set.updatedAt.toISOString(),
      })),
    };
  }

  /** Imports JSON or XLSX: sets are added, or replaced by code while not yet drawn. */
  async import(campaignId: string, file: ImportFile | undefined, actor: string): Promise<BankView> {
    if (!file || file.size === 0) {
      throw new AppException(ErrorCode.FileRequired, HttpStatus.BAD_REQUEST);
    }
    const format = detectImportFormat(file.buffer);
    if (!format) {
      throw new AppException(ErrorCode.QuestionImportFileType, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }
    const raw = format === 'json' ? this.parseJson(file.buffer) : await this.parseXlsx(file.buffer);
    await this.dataSource.transaction(async (tx) => {
      const categories = await this.campaignCategories(tx, campaignId);
      const read = readBankImport(raw, categories);
      if (!read.ok) throw invalid(read.problems);
      // Sets name their category by code: each must still exist now, and stays until this
      // commits (a concurrent deletion waits, then counts these sets).
      const missing = await lockCategoryCodes(
        tx,
        campaignId,
        read.bank.sets.map((set) => set.categoryCode),
      );
      if (missing === null) throw notFound();
      if (missing.length > 0) {
        throw invalid(
          read.bank.sets.flatMap((set, s) =>
            missing.includes(set.categoryCode)
              ? [{ path: `$.sets[${s}].categoryCode`, problem: 'unknown_category' }]
              : [],
          ),
        );
      }
      const bank = await this.lockBank(tx, campaignId, true);
      if (bank.sealedAt) {
        throw new AppException(ErrorCode.QuestionBankSealed, HttpStatus.CONFLICT, {
          commitment: bank.commitment,
        });
      }
      const existing = await tx.findBy(QuestionSetEntity, {
        campaignId,
        code: In(read.bank.sets.map((set) => set.code)),
      });
      const uses = await this.usesOf(
        existing.map((set) => set.id),
        tx,
      );
      const drawn = existing.filter((set) => uses.has(set.id)).map((set) => set.code);
      if (drawn.length > 0) {
        throw new AppException(ErrorCode.QuestionSetInUse, HttpStatus.CONFLICT, { codes: drawn });
      }
      const byCode = new Map(existing.map((set) => [set.code, set]));
      for (const input of read.bank.sets) {
        const id = byCode.get(input.code)?.id ?? randomUUID();
        const content = sealContent(this.key, id, canonicalJson({ questions: input.questions }));
        await tx.save(
          tx.create(QuestionSetEntity, {
            ...byCode.get(input.code),
            id,
            bankId: bank.id,
            campaignId,
            categoryCode: input.categoryCode,
            code: input.code,
            title: input.title,
            questionCount: input.questions.length,
            content,
          }),
        );
      }
      if (read.bank.warningSeconds !== undefined) {
        await tx.update(
          QuestionBankEntity,
          { id: bank.id },
          { warningSeconds: read.bank.warningSeconds },
        );
      }
      await this.audit.record(
        {
          actor,
          action: 'question_bank.import',
          subject: `campaign:${campaignId}`,
          details: {
            format,
            fileName: file.originalname.slice(0, 120),
            added: read.bank.sets.filter((s) => !byCode.has(s.code)).map((s) => s.code),
            replaced: read.bank.sets.filter((s) => byCode.has(s.code)).map((s) => s.code),
          },
        },
        tx,
      );
    });
    return this.view(campaignId);
  }

  async seal(campaignId: string, actor: string): Promise<BankView> {
    await this.dataSource.transaction(async (tx) => {
      await this.campaignCategories(tx, campaignId);
      const bank = await this.lockBank(tx, campaignId, false);
      if (bank?.sealedAt) {
        throw new AppException(ErrorCode.QuestionBankSealed, HttpStatus.CONFLICT, {
          commitment: bank.commitment,
        });
      }
      const sets = bank ? await tx.findBy(QuestionSetEntity, { bankId: bank.id }) : [];
      if (!bank || sets.length === 0) {
        throw new AppException(ErrorCode.QuestionBankEmpty, HttpStatus.UNPROCESSABLE_ENTITY);
      }
      const commitment = bankCommitment(
        campaignId,
        sets.map((set) => this.input(set)),
      );
      Object.assign(bank, { sealedAt: new Date(), sealedBy: actor, commitment });
      await tx.save(bank);
      await this.audit.record(
        {
          actor,
          action: 'question_bank.seal',
          subject: `campaign:${campaignId}`,
          details: { commitment, sets: sets.length, algorithm: 'sha256(canonical-json)' },
        },
        tx,
      );
    });
    return this.view(campaignId);
  }

  async unseal(campaignId: string, reason: string, actor: string): Promise<BankView> {
    await this.dataSource.transaction(async (tx) => {
      await this.campaignCategories(tx, campaignId);
      const bank = await this.lockBank(tx, campaignId, false);
      if (!bank?.sealedAt) {
        throw new AppException(ErrorCode.QuestionBankNotSealed, HttpStatus.CONFLICT);
      }
      const previous = bank.commitment;
      Object.assign(bank, { sealedAt: null, sealedBy: null, commitment: null });
      await tx.save(bank);
      await this.audit.record(
        {
          actor,
          action: 'question_bank.unseal',
          subject: `campaign:${campaignId}`,
          details: { reason: reason.trim(), previousCommitment: previous },
        },
        tx,
      );
    });
    return this.view(campaignId);
  }

  async deleteSet(setId: string, actor: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const set = await tx.findOneBy(QuestionSetEntity, { id: setId });
      if (!set) throw notFound();
      const bank = await this.lockBank(tx, set.campaignId, false);
      if (bank?.sealedAt) throw new AppException(ErrorCode.QuestionBankSealed, HttpStatus.CONFLICT);
      if ((await this.usesOf([set.id], tx)).size > 0) {
        throw new AppException(ErrorCode.QuestionSetInUse, HttpStatus.CONFLICT, {
          codes: [set.code],
        });
      }
      await tx.delete(QuestionSetEntity, { id: set.id });
      await this.audit.record(
        {
          actor,
          action: 'question_bank.delete_set',
          subject: `campaign:${set.campaignId}`,
          details: { setId: set.id, code: set.code, categoryCode: set.categoryCode },
        },
        tx,
      );
    });
  }

  /** A set's full content: for question admins only (the controller checks the role). Audited. */
  async setContent(setId: string, actor: string): Promise<QuestionSetContentView> {
    const set = await this.dataSource.getRepository(QuestionSetEntity).findOneBy({ id: setId });
    if (!set) throw notFound();
    const uses = await this.usesOf([set.id]);
    const questions = this.questionsOf(set);
    await this.audit.record({
      actor,
      action: 'question_bank.view_set',
      subject: `campaign:${set.campaignId}`,
      details: { setId: set.id, code: set.code },
    });
    return { ...this.summary(set, uses), questions };
  }

  /** The published seal of a campaign's bank (no content). */
  async publicSeal(campaignId: string) {
    const bank = await this.dataSource.getRepository(QuestionBankEntity).findOneBy({ campaignId });
    if (!bank) throw notFound();
    return {
      campaignId,
      sealed: bank.sealedAt !== null,
      sealedAt: bank.sealedAt?.toISOString() ?? null,
      commitment: bank.commitment,
    };
  }

  questionsOf(set: QuestionSetEntity): QuestionContent[] {
    try {
      const parsed = JSON.parse(openContent(this.key, set.id, set.content)) as {
        questions: QuestionContent[];
      };
      return parsed.questions;
    } catch (error) {
      if (error instanceof ContentBoxError || error instanceof SyntaxError) {
        throw new AppException(ErrorCode.QuestionBankUnreadable, HttpStatus.SERVICE_UNAVAILABLE);
      }
      throw error;
    }
  }

  warningSecondsOf(bank: QuestionBankEntity | null): number {
    return bank?.warningSeconds ?? this.config.questionBank.warningSeconds;
  }

  private input(set: QuestionSetEntity): QuestionSetInput {
    return {
      code: set.code,
      categoryCode: set.categoryCode,
      title: set.title,
      questions: this.questionsOf(set),
    };
  }

  private summary(set: QuestionSetEntity, uses: Map<string, string>) {
    return {
      id: set.id,
      code: set.code,
      categoryCode: set.categoryCode,
      title: set.title,
      questionCount: set.questionCount,
      usedBySessionId: uses.get(set.id) ?? null,
    };
  }

  private async usesOf(setIds: string[], manager?: EntityManager): Promise<Map<string, string>> {
    if (setIds.length === 0) return new Map();
    const uses = await (manager ?? this.dataSource.manager).findBy(QuestionSetUseEntity, {
      questionSetId: In(setIds),
    });
    return new Map(uses.map((use) => [use.questionSetId, use.sessionId]));
  }

  /** The campaign's category codes; 404 when the campaign does not exist. */
  private async campaignCategories(manager: EntityManager, campaignId: string): Promise<string[]> {
    const campaign = await manager.query<{ id: string }[]>(
      'SELECT id FROM campaigns WHERE id = $1',
      [campaignId],
    );
    if (campaign.length === 0) throw notFound();
    const rows = await manager.query<{ code: string }[]>(
      'SELECT code FROM campaign_categories WHERE campaign_id = $1 ORDER BY code',
      [campaignId],
    );
    return rows.map((row) => row.code);
  }

  private lockBank(
    tx: EntityManager,
    campaignId: string,
    create: true,
  ): Promise<QuestionBankEntity>;
  private lockBank(
    tx: EntityManager,
    campaignId: string,
    create: false,
  ): Promise<QuestionBankEntity | null>;
  private async lockBank(tx: EntityManager, campaignId: string, create: boolean) {
    if (create) {
      await tx.query(
        'INSERT INTO question_banks (campaign_id) VALUES ($1) ON CONFLICT (campaign_id) DO NOTHING',
        [campaignId],
      );
    }
    return tx.findOne(QuestionBankEntity, {
      where: { campaignId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  private parseJson(bytes: Buffer): unknown {
    try {
      return JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    } catch {
      throw invalid([{ path: '$', problem: 'malformed_json' }]);
    }
  }

  private async parseXlsx(bytes: Buffer): Promise<unknown> {
    try {
      return await readBankXlsx(bytes);
    } catch (error) {
      if (error instanceof XlsxReadError) {
        throw invalid([{ path: 'xlsx', problem: error.message }]);
      }
      throw error;
    }
  }
}
