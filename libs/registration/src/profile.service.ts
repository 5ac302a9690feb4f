import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode } from '@yunzhao/contracts';
import { AppException, ValidationFailedException } from '@yunzhao/core';
import {
  BestTier,
  DegreeLevel,
  ID_NUMBER_REJECTION_MESSAGES,
  parseIdNumber,
} from '@yunzhao/domain';
import { ReferenceDataService } from '@yunzhao/reference-data';
import { DataSource } from 'typeorm';
import { EducationDto, ProfileDto } from './dto/registration.dto';
import { CandidateProfileEntity, EducationRecordEntity } from './registration.entity';
import { isUniqueViolation, refuseOnViolation } from '@yunzhao/db';

export const MAX_EDUCATION_RECORDS = 10;

export interface ProfileView {
  fullName: string;
  /** In full: only the owner sees this view. */
  idNumber: string;
  birthDate: string;
  sex: 'male' | 'female';
  phone: string | null;
  email: string | null;
  updatedAt: string;
}

export interface EducationView {
  id: string;
  degree: DegreeLevel;
  universityName: string;
  universityTier: BestTier;
  disciplineCode: string;
  major: string;
  graduationDate: string;
}

export function toProfileView(profile: CandidateProfileEntity): ProfileView {
  return {
    fullName: profile.fullName,
    idNumber: profile.idNumber,
    birthDate: profile.birthDate,
    sex: profile.sex,
    phone: profile.phone,
    email: profile.email,
    updatedAt: profile.updatedAt.toISOString(),
  };
}

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return (
    !Number.isNaN(date.getTime()) &&
    date.toISOString().slice(0, 10) === value &&
    value >= '1950-01-01' &&
    value <= '2100-12-31'
  );
}

/** The candidate's own profile and education records. */
@Injectable()
export class ProfileService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reference: ReferenceDataService,
  ) {}

  async get(userId: string): Promise<ProfileView | null> {
    const profile = await this.dataSource
      .getRepository(CandidateProfileEntity)
      .findOneBy({ userId });
    return profile ? toProfileView(profile) : null;
  }

  async save(userId: string, input: ProfileDto): Promise<ProfileView> {
    const parsed = parseIdNumber(input.idNumber);
    if (!parsed.ok) {
      const messages = ID_NUMBER_REJECTION_MESSAGES[parsed.reason];
      throw new ValidationFailedException([
        {
          field: 'idNumber',
          constraints: [{ name: 'isIdNumber', args: [messages['zh-CN'], messages.en] }],
        },
      ]);
    }
    const repository = this.dataSource.getRepository(CandidateProfileEntity);
    await refuseOnViolation(
      () =>
        repository.upsert(
          {
            userId,
            fullName: input.fullName.trim(),
            idNumber: parsed.value.normalized,
            birthDate: parsed.value.birthDate,
            sex: parsed.value.sex,
            phone: input.phone ?? null,
            email: input.email?.toLowerCase() ?? null,
          },
          ['userId'],
        ),
      isUniqueViolation,
      () => new AppException(ErrorCode.IdNumberTaken, HttpStatus.CONFLICT),
    );
    const saved = await repository.findOneByOrFail({ userId });
    return toProfileView(saved);
  }

  async listEducation(userId: string): Promise<EducationView[]> {
    const rows = await this.dataSource
      .getRepository(EducationRecordEntity)
      .find({ where: { userId }, order: { graduationDate: 'DESC', createdAt: 'ASC' } });
    return Promise.all(rows.map((row) => this.toEducationView(row)));
  }

  async addEducation(userId: string, input: EducationDto): Promise<EducationView> {
    if (!isCalendarDate(input.graduationDate)) {
      throw new ValidationFailedException([
        { field: 'graduationDate', constraints: [{ name: 'isISO8601', args: [] }] },
      ]);
    }
    return this.dataSource.transaction(async (tx) => {
      // Serialises a user's concurrent adds so the limit holds.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`education:${userId}`]);
      const count = await tx.countBy(EducationRecordEntity, { userId });
      if (count >= MAX_EDUCATION_RECORDS)
        throw new AppException(ErrorCode.Conflict, HttpStatus.CONFLICT, {
          max: MAX_EDUCATION_RECORDS,
        });
      const saved = await tx.save(
        tx.create(EducationRecordEntity, {
          userId,
          degree: input.degree,
          universityName: input.universityName.trim(),
          disciplineCode: input.disciplineCode,
          major: input.major?.trim() ?? '',
          graduationDate: input.graduationDate,
        }),
      );
      return this.toEducationView(saved);
    });
  }

  async removeEducation(userId: string, id: string): Promise<void> {
    const result = await this.dataSource
      .getRepository(EducationRecordEntity)
      .delete({ id, userId });
    if (!result.affected) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
  }

  private async toEducationView(row: EducationRecordEntity): Promise<EducationView> {
    return {
      id: row.id,
      degree: row.degree,
      universityName: row.universityName,
      universityTier: await this.reference.bestTierOf(row.universityName),
      disciplineCode: row.disciplineCode,
      major: row.major,
      graduationDate: row.graduationDate,
    };
  }
}
