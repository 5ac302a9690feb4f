// The XLSX form of the import (docs/question-bank.md): sheet "questions", one row per question,
// read into the same shape as the JSON form so one validator checks both.
import ExcelJS from 'exceljs';
import type { QuestionSetInput } from './bank-content';

export const XLSX_SHEET = 'questions';
export const XLSX_COLUMNS = [
  'set_code',
  'category_code',
  'set_title',
  'question_no',
  'text',
  'dimensions',
  'time_allowed_seconds',
  'reference_points',
  'bands',
] as const;
type Column = (typeof XLSX_COLUMNS)[number];

export class XlsxReadError extends Error {}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('result' in value && value.result !== undefined)
    return cellText(value.result as ExcelJS.CellValue);
  return '';
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

const numberOrText = (text: string): number | string => {
  const trimmed = text.trim();
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
};

/** Parses "label|min|max|description" lines; leaves checking to the validator. */
function bandsOf(text: string): unknown[] {
  return lines(text).map((line) => {
    const [label, min, max, ...rest] = line.split('|');
    const description = rest.join('|').trim();
    return {
      label: (label ?? '').trim(),
      min: numberOrText(min ?? ''),
      max: numberOrText(max ?? ''),
      ...(description ? { description } : {}),
    };
  });
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_ENTRY_SIGNATURE = 0x02014b50;

/**
 * What the ZIP says its entries unpack to, from the central directory, before anything is
 * inflated: a 2 MB upload must not become gigabytes in memory (zip bomb). ZIP64 is refused.
 */
export function unpackedZipSize(bytes: Buffer): number {
  const searchFrom = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let at = bytes.length - 22; at >= searchFrom; at -= 1) {
    if (bytes.readUInt32LE(at) === EOCD_SIGNATURE) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new XlsxReadError('not a readable XLSX workbook');
  const entries = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  let total = 0;
  for (let i = 0; i < entries; i += 1) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL_ENTRY_SIGNATURE) {
      throw new XlsxReadError('not a readable XLSX workbook');
    }
    const size = bytes.readUInt32LE(at + 24);
    if (size === 0xffffffff) throw new XlsxReadError('ZIP64 workbooks are not accepted');
    total += size;
    at +=
      46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return total;
}

export interface XlsxLimits {
  maxRows: number;
  /** Sum of the unpacked sizes of the workbook's parts. */
  maxUnpackedBytes: number;
}

const DEFAULT_LIMITS: XlsxLimits = { maxRows: 20_000, maxUnpackedBytes: 50 * 1024 * 1024 };

/** Reads the workbook into `{ sets: [...] }` (unvalidated); throws XlsxReadError for a bad sheet. */
export async function readBankXlsx(
  bytes: Buffer,
  limits: XlsxLimits = DEFAULT_LIMITS,
): Promise<{ sets: unknown[] }> {
  if (bytes.length < 22) throw new XlsxReadError('not a readable XLSX workbook');
  if (unpackedZipSize(bytes) > limits.maxUnpackedBytes) {
    throw new XlsxReadError(`unpacks to more than ${limits.maxUnpackedBytes} bytes`);
  }
  const maxRows = limits.maxRows;
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new XlsxReadError('not a readable XLSX workbook');
  }
  const sheet = workbook.getWorksheet(XLSX_SHEET) ?? workbook.worksheets[0];
  if (!sheet) throw new XlsxReadError('the workbook has no sheet');
  if (sheet.rowCount > maxRows) throw new XlsxReadError(`more than ${maxRows} rows`);
  const header = new Map<Column, number>();
  sheet.getRow(1).eachCell((cell, col) => {
    const name = cellText(cell.value).trim().toLowerCase() as Column;
    if (XLSX_COLUMNS.includes(name)) header.set(name, col);
  });
  const missing = XLSX_COLUMNS.filter((column) => !header.has(column));
  if (missing.length > 0) throw new XlsxReadError(`missing columns: ${missing.join(', ')}`);

  const sets = new Map<
    string,
    { set: Record<string, unknown>; rows: { no: number; q: unknown }[] }
  >();
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const get = (column: Column) =>
      cellText(row.getCell(header.get(column) as number).value).trim();
    const code = get('set_code');
    if (!code && !get('text')) continue;
    let entry = sets.get(code);
    if (!entry) {
      entry = {
        set: { code, categoryCode: get('category_code'), title: get('set_title') },
        rows: [],
      };
      sets.set(code, entry);
    }
    const no = Number(get('question_no'));
    entry.rows.push({
      no: Number.isFinite(no) ? no : r,
      q: {
        text: get('text'),
        dimensions: get('dimensions')
          .split(/[;；,，、\n]/)
          .map((d) => d.trim())
          .filter(Boolean),
        timeAllowedSeconds: numberOrText(get('time_allowed_seconds')),
        guidance: { referencePoints: lines(get('reference_points')), bands: bandsOf(get('bands')) },
      },
    });
  }
  return {
    sets: [...sets.values()].map(({ set, rows }) => ({
      ...set,
      questions: rows.sort((a, b) => a.no - b.no).map((row) => row.q),
    })),
  };
}

/** Writes sets in the XLSX import form (for the shipped example and tests). */
export async function writeBankXlsx(sets: readonly QuestionSetInput[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(XLSX_SHEET);
  sheet.addRow([...XLSX_COLUMNS]);
  for (const set of sets) {
    set.questions.forEach((question, i) => {
      sheet.addRow([
        set.code,
        set.categoryCode,
        set.title,
        i + 1,
        question.text,
        question.dimensions.join('；'),
        question.timeAllowedSeconds,
        question.guidance.referencePoints.join('\n'),
        question.guidance.bands
          .map((b) => [b.label, b.min, b.max, b.description ?? ''].join('|'))
          .join('\n'),
      ]);
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
