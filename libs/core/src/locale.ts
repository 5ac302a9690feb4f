import { Locale } from '@yunzhao/contracts';

/**
 * Picks the response language from an Accept-Language header: zh-CN unless the
 * client prefers English over Chinese.
 */
export function pickLocale(acceptLanguage: string | string[] | undefined): Locale {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage;
  if (!header) return 'zh-CN';
  let best: { locale: Locale; q: number } | undefined;
  for (const part of header.split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const locale: Locale | undefined = tag.startsWith('zh')
      ? 'zh-CN'
      : tag.startsWith('en')
        ? 'en'
        : undefined;
    if (locale && (!best || q > best.q)) best = { locale, q };
  }
  return best?.locale ?? 'zh-CN';
}
