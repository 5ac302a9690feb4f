// Mainland resident identity numbers, GB 11643-1999: 6-digit region code, 8-digit birth date
// (YYYYMMDD), 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check
// character.

export type Sex = 'male' | 'female';

export interface IdNumberDetails {
  /** Trimmed, upper-case form (a lower-case check character `x` becomes `X`). */
  normalized: string;
  /** 'YYYY-MM-DD' */
  birthDate: string;
  sex: Sex;
  /** The first six digits (administrative division at the time of issue). */
  regionCode: string;
}

/**
 * Why a number was refused, checked in this order: `length` (not 18 characters after trimming),
 * `format` (17 digits then a digit or X), `checksum` (check character wrong: the usual typo),
 * `region` (the first two digits are not a province-level code), `birthdate` (not a real date,
 * before 1900, or after today).
 */
export type IdNumberRejection = 'length' | 'format' | 'checksum' | 'region' | 'birthdate';

export type IdNumberParseResult =
  { ok: true; value: IdNumberDetails } | { ok: false; reason: IdNumberRejection };

export const ID_NUMBER_REJECTION_MESSAGES: Readonly<
  Record<IdNumberRejection, { 'zh-CN': string; en: string }>
> = {
  length: { 'zh-CN': '身份证号码应为 18 位', en: 'An ID number has 18 characters' },
  format: {
    'zh-CN': '身份证号码应为 17 位数字加 1 位数字或 X',
    en: 'An ID number is 17 digits followed by a digit or X',
  },
  checksum: {
    'zh-CN': '身份证号码校验位不正确，请核对',
    en: 'The check character does not match; please check the number',
  },
  region: { 'zh-CN': '身份证号码的地区代码无效', en: 'The region code is not valid' },
  birthdate: { 'zh-CN': '身份证号码中的出生日期无效', en: 'The birth date is not valid' },
};

const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

/**
 * The province-level codes of GB/T 2260 (71 is Taiwan) plus 81, 82 and 83, which the residence
 * permits of Hong Kong, Macao and Taiwan residents carry in place of a region. The 9x codes of
 * foreigners' permanent-residence cards are not resident ID numbers.
 */
// prettier-ignore
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', // Beijing, Tianjin, Hebei, Shanxi, Inner Mongolia
  '21', '22', '23', // Liaoning, Jilin, Heilongjiang
  '31', '32', '33', '34', '35', '36', '37', // Shanghai, Jiangsu, Zhejiang, Anhui, Fujian, Jiangxi, Shandong
  '41', '42', '43', '44', '45', '46', // Henan, Hubei, Hunan, Guangdong, Guangxi, Hainan
  '50', '51', '52', '53', '54', // Chongqing, Sichuan, Guizhou, Yunnan, Tibet
  '61', '62', '63', '64', '65', // Shaanxi, Gansu, Qinghai, Ningxia, Xinjiang
  '71', // Taiwan
  '81', '82', '83', // residence permits: Hong Kong, Macao, Taiwan residents
]);

const EARLIEST_BIRTH_YEAR = 1900;
const CHINA_STANDARD_TIME_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The check character for the first 17 digits (throws if they are not 17 digits). */
export function idNumberCheckCharacter(first17Digits: string): string {
  if (!/^\d{17}$/.test(first17Digits)) {
    throw new Error('idNumberCheckCharacter needs exactly 17 digits');
  }
  let weightedSum = 0;
  for (let position = 0; position < 17; position += 1) {
    weightedSum += Number(first17Digits[position]) * CHECK_WEIGHTS[position];
  }
  return CHECK_CHARACTERS[weightedSum % 11];
}

/**
 * Validates a mainland ID number. `today` bounds the birth date; a `Date` is read as a calendar
 * date in China Standard Time (UTC+8, no daylight saving), a string must be 'YYYY-MM-DD'.
 */
export function parseIdNumber(raw: string, today: Date | string = new Date()): IdNumberParseResult {
  const normalized = raw.trim().toUpperCase();
  if (normalized.length !== 18) return { ok: false, reason: 'length' };
  if (!/^\d{17}[\dX]$/.test(normalized)) return { ok: false, reason: 'format' };
  if (idNumberCheckCharacter(normalized.slice(0, 17)) !== normalized[17]) {
    return { ok: false, reason: 'checksum' };
  }
  if (!PROVINCE_CODES.has(normalized.slice(0, 2))) return { ok: false, reason: 'region' };

  const year = Number(normalized.slice(6, 10));
  const month = Number(normalized.slice(10, 12));
  const day = Number(normalized.slice(12, 14));
  const birthDate = `${normalized.slice(6, 10)}-${normalized.slice(10, 12)}-${normalized.slice(12, 14)}`;
  // ISO dates compare correctly as strings.
  if (
    year < EARLIEST_BIRTH_YEAR ||
    !isCalendarDate(year, month, day) ||
    birthDate > calendarDateOf(today)
  ) {
    return { ok: false, reason: 'birthdate' };
  }

  const sequenceDigit = Number(normalized[16]);
  return {
    ok: true,
    value: {
      normalized,
      birthDate,
      sex: sequenceDigit % 2 === 1 ? 'male' : 'female',
      regionCode: normalized.slice(0, 6),
    },
  };
}

export function isValidIdNumber(raw: string, today?: Date | string): boolean {
  return parseIdNumber(raw, today).ok;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one; UTC avoids local DST quirks.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

function calendarDateOf(today: Date | string): string {
  if (typeof today === 'string') {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
    if (!match || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
      throw new Error(`today must be a 'YYYY-MM-DD' date, got '${today}'`);
    }
    return today;
  }
  if (Number.isNaN(today.getTime())) throw new Error('today is an invalid Date');
  return new Date(today.getTime() + CHINA_STANDARD_TIME_OFFSET_MS).toISOString().slice(0, 10);
}
