import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@yunzhao/audit';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { ErrorCode } from '@yunzhao/contracts';
import { AppException, AuthUser } from '@yunzhao/core';
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { decodeMultipartFileName, detectFileType, safeFileName } from './file-type';
import { DocumentEntity, DocumentKind } from './registration.entity';

export const MAX_DOCUMENTS_PER_USER = 20;
/** Roles that may open any candidate's documents (besides the owner). */
const DOCUMENT_READERS = ['hr', 'admin'];

export interface DocumentView {
  id: string;
  kind: DocumentKind;
  originalName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

export function toDocumentView(row: DocumentEntity): DocumentView {
  return {
    id: row.id,
    kind: row.kind,
    originalName: row.originalName,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    createdAt: row.createdAt.toISOString(),
  };
}

export interface UploadedFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/** Uploaded evidence (degree certificates, ID card scans) on local disk. */
@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async upload(
    userId: string,
    kind: DocumentKind,
    file: UploadedFile | undefined,
  ): Promise<DocumentView> {
    if (!file || file.size === 0)
      throw new AppException(ErrorCode.FileRequired, HttpStatus.BAD_REQUEST);
    const type = detectFileType(file.buffer);
    if (!type.allowed) {
      throw new AppException(ErrorCode.FileTypeNotAllowed, HttpStatus.UNSUPPORTED_MEDIA_TYPE, {
        detected: type.detected,
        allowed: ['application/pdf', 'image/jpeg', 'image/png'],
      });
    }
    const repository = this.dataSource.getRepository(DocumentEntity);
    if ((await repository.countBy({ userId })) >= MAX_DOCUMENTS_PER_USER)
      throw new AppException(ErrorCode.Conflict, HttpStatus.CONFLICT, {
        max: MAX_DOCUMENTS_PER_USER,
      });
    const id = randomUUID();
    const storageKey = path.join('documents', userId, `${id}.${type.extension}`);
    const target = path.join(this.config.storage.dir, storageKey);
    await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    await fs.writeFile(target, file.buffer, { mode: 0o600, flag: 'wx' });
    try {
      const saved = await repository.save(
        repository.create({
          id,
          userId,
          kind,
          originalName: safeFileName(decodeMultipartFileName(file.originalname)),
          contentType: type.contentType,
          sizeBytes: file.size,
          sha256: createHash('sha256').update(file.buffer).digest('hex'),
          storageKey,
        }),
      );
      return toDocumentView(saved);
    } catch (error) {
      await fs.rm(target, { force: true });
      throw error;
    }
  }

  async listOwn(userId: string): Promise<DocumentView[]> {
    const rows = await this.dataSource
      .getRepository(DocumentEntity)
      .find({ where: { userId }, order: { createdAt: 'ASC' } });
    return rows.map(toDocumentView);
  }

  async listFor(userId: string): Promise<DocumentView[]> {
    return this.listOwn(userId);
  }

  /** The file for its owner, HR or an admin; every download is audited. Others get 404. */
  async open(id: string, viewer: AuthUser): Promise<{ document: DocumentView; content: Buffer }> {
    const row = await this.dataSource.getRepository(DocumentEntity).findOneBy({ id });
    const allowed =
      row &&
      (row.userId === viewer.id || viewer.roles.some((role) => DOCUMENT_READERS.includes(role)));
    if (!row || !allowed) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
    const content = await fs.readFile(path.join(this.config.storage.dir, row.storageKey));
    await this.audit.record({
      actor: `user:${viewer.id}`,
      action: 'document.download',
      subject: `document:${row.id}`,
      details: { owner: `user:${row.userId}`, kind: row.kind, sha256: row.sha256 },
    });
    return { document: toDocumentView(row), content };
  }

  async remove(id: string, userId: string): Promise<void> {
    const repository = this.dataSource.getRepository(DocumentEntity);
    const row = await repository.findOneBy({ id, userId });
    if (!row) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
    await repository.delete({ id });
    await fs.rm(path.join(this.config.storage.dir, row.storageKey), { force: true });
  }
}
