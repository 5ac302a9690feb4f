/**
 * A moment as the campaign's people read it: Beijing time (UTC+8), whatever the browser's own
 * time zone, in the page's language. `seconds` for evidence such as audit entries.
 */
export function beijingTime(
  iso: string,
  locale: string,
  options: { seconds?: boolean } = {},
): string {
  return new Date(iso).toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    ...(options.seconds ? { second: '2-digit' } : {}),
    hour12: false,
  });
}
