/** The campaign's clock: Beijing time, UTC+8 all year (no daylight saving since 1991). */
export const BEIJING_TIME_ZONE = 'Asia/Shanghai';
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/**
 * A moment as the campaign's people read it: Beijing time, whatever the browser's own time
 * zone, in the page's language. `seconds` for evidence such as audit entries.
 */
export function beijingTime(
  iso: string,
  locale: string,
  options: { seconds?: boolean } = {},
): string {
  return new Date(iso).toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: BEIJING_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    ...(options.seconds ? { second: '2-digit' } : {}),
    hour12: false,
  });
}

/** `2026-12-01T09:00` for a datetime-local input, in Beijing time; '' for no moment. */
export function toBeijingInput(iso: string | null): string {
  if (!iso) return '';
  return new Date(new Date(iso).getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 16);
}

/**
 * A datetime-local input's value read as Beijing time, as an ISO instant. '' stays ''; a value
 * that is not a date goes through as typed, so the api names the field.
 */
export function fromBeijingInput(value: string): string {
  if (!value) return '';
  const date = new Date(`${value.length === 16 ? `${value}:00` : value}+08:00`);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}
