/** A campaign's retention rule as stored (both null = the deployment default). */
export interface RetentionRule {
  retentionDays: number | null;
  retainUntil: Date | null;
}

const DAY_MS = 86_400_000;

/**
 * When a session's recordings may be deleted: at `retainUntil` when the campaign names a date
 * (e.g. the end of the hires' probation), otherwise `retentionDays` (or the default) after the
 * session's scheduled end. Mirrors the SQL in RetentionService.purgeExpired.
 */
export function recordingExpiry(
  sessionEndsAt: Date,
  rule: RetentionRule | null,
  defaultDays: number,
): Date {
  if (rule?.retainUntil) return rule.retainUntil;
  const days = rule?.retentionDays ?? defaultDays;
  return new Date(sessionEndsAt.getTime() + days * DAY_MS);
}

/** Held recordings are kept whatever their expiry says. */
export function isDeletable(
  expiry: Date,
  held: { campaign: boolean; session: boolean },
  now: Date,
): boolean {
  return !held.campaign && !held.session && expiry.getTime() < now.getTime();
}
