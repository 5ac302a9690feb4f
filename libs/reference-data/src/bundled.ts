import * as fs from 'node:fs';
import * as path from 'node:path';
import { CsvError, parseCsvRecords } from './csv';

export interface UniversityRow {
  nameZh: string;
  nameEn: string;
  is985: boolean;
  is211: boolean;
  isDoubleFirstClass: boolean;
}

export interface DisciplineRow {
  level: 'category' | 'discipline';
  code: string;
  nameZh: string;
  nameEn: string;
  categoryCode: string;
}

const BOOLEAN: Record<string, boolean> = { true: true, false: false };

function flag(value: string, column: string, line: number): boolean {
  const parsed = BOOLEAN[value.toLowerCase()];
  if (parsed === undefined) throw new CsvError(`line ${line}: ${column} must be true or false`);
  return parsed;
}

/** Parses universities-cn.csv (name_zh,name_en,is_985,is_211,is_double_first_class). */
export function parseUniversitiesCsv(text: string): UniversityRow[] {
  const records = parseCsvRecords(text, [
    'name_zh',
    'name_en',
    'is_985',
    'is_211',
    'is_double_first_class',
  ]);
  const seen = new Set<string>();
  return records.map((r, index) => {
    const line = index + 2;
    if (!r.name_zh || r.name_zh.length > 100)
      throw new CsvError(`line ${line}: name_zh is empty or too long`);
    if (r.name_en.length > 200) throw new CsvError(`line ${line}: name_en is too long`);
    if (seen.has(r.name_zh)) throw new CsvError(`line ${line}: ${r.name_zh} appears twice`);
    seen.add(r.name_zh);
    return {
      nameZh: r.name_zh,
      nameEn: r.name_en,
      is985: flag(r.is_985, 'is_985', line),
      is211: flag(r.is_211, 'is_211', line),
      isDoubleFirstClass: flag(r.is_double_first_class, 'is_double_first_class', line),
    };
  });
}

/** Parses disciplines-cn.csv (level,code,name_zh,name_en,category_code). */
export function parseDisciplinesCsv(text: string): DisciplineRow[] {
  return parseCsvRecords(text, ['level', 'code', 'name_zh', 'name_en', 'category_code']).map(
    (r, index) => {
      const line = index + 2;
      const level = r.level === 'category' || r.level === 'discipline' ? r.level : undefined;
      const codePattern = level === 'category' ? /^\d{2}$/ : /^\d{4}$/;
      if (!level || !codePattern.test(r.code) || !r.code.startsWith(r.category_code))
        throw new CsvError(`line ${line}: bad level, code or category_code`);
      return {
        level,
        code: r.code,
        nameZh: r.name_zh,
        nameEn: r.name_en,
        categoryCode: r.category_code,
      };
    },
  );
}

/**
 * The directory of the CSV files shipped with the repository. Found by walking
 * up from this file, so it works from sources and from the compiled dist/.
 */
export function bundledDataDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'libs', 'reference-data', 'data');
    if (fs.existsSync(path.join(candidate, 'universities-cn.csv'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error('reference data CSV files not found');
  }
}

export function bundledUniversities(): UniversityRow[] {
  return parseUniversitiesCsv(
    fs.readFileSync(path.join(bundledDataDir(), 'universities-cn.csv'), 'utf8'),
  );
}

export function bundledDisciplines(): DisciplineRow[] {
  return parseDisciplinesCsv(
    fs.readFileSync(path.join(bundledDataDir(), 'disciplines-cn.csv'), 'utf8'),
  );
}
