// Eligibility rules are data: a campaign stores one as JSON and HR can change it
// without a release. This file defines the shape and checks untrusted JSON against it.

export const DEGREE_LEVELS = ['bachelor', 'master', 'phd'] as const;
export type DegreeLevel = (typeof DEGREE_LEVELS)[number];

/**
 * University tiers from the reference list. A "key university" (重点院校) in an
 * announcement is read as any of the three: 985, 211 or double first-class
 * (双一流). Every 985 university is also 211 and every 211 is also double
 * first-class in the current lists, so in practice "key" equals double
 * first-class; rules still name the tiers explicitly so a later list change
 * cannot silently widen or narrow a published rule.
 */
export const UNIVERSITY_TIERS = ['985', '211', 'double_first_class'] as const;
export type UniversityTier = (typeof UNIVERSITY_TIERS)[number];

export const KEY_UNIVERSITY_TIERS: readonly UniversityTier[] = ['985', '211', 'double_first_class'];

/** One way to qualify: a degree level, optionally from a university of one of the tiers. */
export interface EligibilityClause {
  degree: DegreeLevel;
  /** Absent or empty: any university. */
  universityTier?: UniversityTier[];
}

/** A candidate qualifies when one of their education records meets any clause. */
export interface EligibilityRule {
  anyOf: EligibilityClause[];
}

/** The rule of the Shuicheng Youcai case: PhD; master's of a key university; bachelor's of a double first-class one. */
export const SHUICHENG_RULE: EligibilityRule = {
  anyOf: [
    { degree: 'phd' },
    { degree: 'master', universityTier: ['985', '211', 'double_first_class'] },
    { degree: 'bachelor', universityTier: ['double_first_class'] },
  ],
};

export const MAX_RULE_CLAUSES = 20;

export type RuleParseResult =
  { ok: true; rule: EligibilityRule } | { ok: false; problems: string[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDegree(value: unknown): value is DegreeLevel {
  return typeof value === 'string' && (DEGREE_LEVELS as readonly string[]).includes(value);
}

function isTier(value: unknown): value is UniversityTier {
  return typeof value === 'string' && (UNIVERSITY_TIERS as readonly string[]).includes(value);
}

/**
 * Checks untrusted JSON (from HR or the database) and returns a clean copy.
 * Problems are short English paths, e.g. `anyOf[1].degree`, meant for the
 * `details` of a validation error.
 */
export function parseEligibilityRule(input: unknown): RuleParseResult {
  const problems: string[] = [];
  if (!isRecord(input)) return { ok: false, problems: ['rule must be an object'] };
  const unknownKeys = Object.keys(input).filter((key) => key !== 'anyOf');
  if (unknownKeys.length > 0) problems.push(`unknown keys: ${unknownKeys.join(', ')}`);
  const clauses = input.anyOf;
  if (!Array.isArray(clauses) || clauses.length === 0) {
    return { ok: false, problems: [...problems, 'anyOf must be a non-empty array'] };
  }
  if (clauses.length > MAX_RULE_CLAUSES)
    problems.push(`anyOf has more than ${MAX_RULE_CLAUSES} clauses`);
  const parsed: EligibilityClause[] = [];
  clauses.slice(0, MAX_RULE_CLAUSES).forEach((clause: unknown, index) => {
    const at = `anyOf[${index}]`;
    if (!isRecord(clause)) {
      problems.push(`${at} must be an object`);
      return;
    }
    const extra = Object.keys(clause).filter((key) => key !== 'degree' && key !== 'universityTier');
    if (extra.length > 0) problems.push(`${at} has unknown keys: ${extra.join(', ')}`);
    if (!isDegree(clause.degree)) {
      problems.push(`${at}.degree must be one of ${DEGREE_LEVELS.join(', ')}`);
      return;
    }
    const tiers = clause.universityTier;
    if (tiers === undefined) {
      parsed.push({ degree: clause.degree });
      return;
    }
    if (!Array.isArray(tiers) || !tiers.every(isTier)) {
      problems.push(`${at}.universityTier must be a list of ${UNIVERSITY_TIERS.join(', ')}`);
      return;
    }
    const unique = [...new Set(tiers)];
    parsed.push(
      unique.length > 0
        ? { degree: clause.degree, universityTier: unique }
        : { degree: clause.degree },
    );
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rule: { anyOf: parsed } };
}
