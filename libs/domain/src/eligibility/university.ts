import type { UniversityTier } from './rules';

/** A university's flags as the reference list (universities-cn.csv) records them. */
export interface UniversityFlags {
  is985: boolean;
  is211: boolean;
  isDoubleFirstClass: boolean;
}

/** The tiers a university belongs to, strongest first. */
export function universityTiers(flags: UniversityFlags): UniversityTier[] {
  const tiers: UniversityTier[] = [];
  if (flags.is985) tiers.push('985');
  if (flags.is211) tiers.push('211');
  if (flags.isDoubleFirstClass) tiers.push('double_first_class');
  return tiers;
}

/** The strongest tier, or 'other' for a university on none of the lists (used for filtering). */
export type BestTier = UniversityTier | 'other';

export function bestTier(tiers: readonly UniversityTier[]): BestTier {
  return tiers[0] ?? 'other';
}

/**
 * The key a university name is looked up by: spaces dropped, full-width
 * brackets made half-width, Latin letters lower-cased. So "中国矿业大学（北京）",
 * "中国矿业大学(北京)" and "Peking  University" find their rows.
 */
export function universityLookupKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .toLowerCase();
}

/** Finds a university's tiers by Chinese or English name; unknown names have no tier. */
export function lookupUniversityTiers(
  name: string,
  byKey: ReadonlyMap<string, UniversityFlags>,
): UniversityTier[] {
  const flags = byKey.get(universityLookupKey(name));
  return flags ? universityTiers(flags) : [];
}

export const TIER_LABELS: Record<BestTier, { 'zh-CN': string; en: string }> = {
  '985': { 'zh-CN': '985 工程院校', en: 'Project 985 university' },
  '211': { 'zh-CN': '211 工程院校', en: 'Project 211 university' },
  double_first_class: { 'zh-CN': '“双一流”建设高校', en: 'Double First-Class university' },
  other: { 'zh-CN': '非重点院校', en: 'not on the key-university lists' },
};
