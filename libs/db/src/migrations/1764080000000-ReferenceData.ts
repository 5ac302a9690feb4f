import { bundledDisciplines, bundledUniversities } from '@yunzhao/reference-data';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Universities (985 / 211 / double first-class) and the 2022 discipline
 * catalogue, loaded from the CSV files in libs/reference-data/data. An admin
 * can later replace the university list (POST /api/reference/universities/import).
 */
export class ReferenceData1764080000000 implements MigrationInterface {
  name = 'ReferenceData1764080000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE universities (
        name_zh text PRIMARY KEY,
        name_en text NOT NULL,
        is_985 boolean NOT NULL,
        is_211 boolean NOT NULL,
        is_double_first_class boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE disciplines (
        code text PRIMARY KEY,
        level text NOT NULL,
        name_zh text NOT NULL,
        name_en text NOT NULL,
        category_code text NOT NULL
      )`);
    const universities = bundledUniversities();
    await db.query(
      `INSERT INTO universities (name_zh, name_en, is_985, is_211, is_double_first_class)
       SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::boolean[], $5::boolean[])`,
      [
        universities.map((u) => u.nameZh),
        universities.map((u) => u.nameEn),
        universities.map((u) => u.is985),
        universities.map((u) => u.is211),
        universities.map((u) => u.isDoubleFirstClass),
      ],
    );
    const disciplines = bundledDisciplines();
    await db.query(
      `INSERT INTO disciplines (code, level, name_zh, name_en, category_code)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      [
        disciplines.map((d) => d.code),
        disciplines.map((d) => d.level),
        disciplines.map((d) => d.nameZh),
        disciplines.map((d) => d.nameEn),
        disciplines.map((d) => d.categoryCode),
      ],
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE disciplines');
    await db.query('DROP TABLE universities');
  }
}
