// Discipline codes of the 2022 graduate catalogue: 2-digit categories (学科门类)
// and 4-digit first-level disciplines (一级学科) whose first two digits name the
// category. Professional-degree codes (e.g. 0854) follow the same pattern.

/** 01 philosophy … 14 interdisciplinary. */
export function isCategoryCode(code: string): boolean {
  return /^(0[1-9]|1[0-4])$/.test(code);
}

/** A 4-digit code in one of the 14 categories. */
export function isDisciplineCode(code: string): boolean {
  return /^\d{4}$/.test(code) && isCategoryCode(code.slice(0, 2));
}

/**
 * Whether a post that accepts `accepted` (4-digit codes and/or whole 2-digit
 * categories; empty = any discipline) takes a graduate of `disciplineCode`.
 */
export function acceptsDiscipline(accepted: readonly string[], disciplineCode: string): boolean {
  if (accepted.length === 0) return true;
  return accepted.some((code) =>
    code.length === 2 ? disciplineCode.startsWith(code) : code === disciplineCode,
  );
}
