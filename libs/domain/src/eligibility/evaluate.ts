import { acceptsDiscipline } from './discipline';
import type { DegreeLevel, EligibilityClause, EligibilityRule, UniversityTier } from './rules';
import { bestTier, BestTier, TIER_LABELS } from './university';

export interface LocalizedText {
  'zh-CN': string;
  en: string;
}

/** One education record as the evaluation sees it: the tiers are looked up beforehand. */
export interface EducationForEligibility {
  degree: DegreeLevel;
  universityName: string;
  universityTiers: readonly UniversityTier[];
  disciplineCode: string;
}

/** What a post adds to the campaign's rule. Empty lists accept everything. */
export interface PostRestrictions {
  degreeLevels: readonly DegreeLevel[];
  /** 4-digit discipline codes and/or whole 2-digit categories. */
  disciplines: readonly string[];
}

export interface EligibilityVerdict {
  eligible: boolean;
  /** First the overall verdict, then one line per education record. */
  reasons: LocalizedText[];
  /** Index of the record that qualifies, else of the highest degree (for listing and filters). */
  decisiveRecord: number | null;
}

export const DEGREE_LABELS: Record<DegreeLevel, LocalizedText> = {
  bachelor: { 'zh-CN': '学士（本科）', en: "bachelor's" },
  master: { 'zh-CN': '硕士研究生', en: "master's" },
  phd: { 'zh-CN': '博士研究生', en: 'PhD' },
};

const DEGREE_RANK: Record<DegreeLevel, number> = { bachelor: 1, master: 2, phd: 3 };

function tierList(tiers: readonly UniversityTier[], locale: keyof LocalizedText): string {
  return tiers.map((tier) => TIER_LABELS[tier][locale]).join(locale === 'en' ? ' or ' : '或');
}

/** "博士研究生（不限院校）" / "master's from a Project 985 university or …". */
export function describeClause(clause: EligibilityClause): LocalizedText {
  const degree = DEGREE_LABELS[clause.degree];
  if (!clause.universityTier || clause.universityTier.length === 0) {
    return { 'zh-CN': `${degree['zh-CN']}（不限院校）`, en: `${degree.en} (any university)` };
  }
  return {
    'zh-CN': `${tierList(clause.universityTier, 'zh-CN')}的${degree['zh-CN']}`,
    en: `${degree.en} from a ${tierList(clause.universityTier, 'en')}`,
  };
}

export function describeRule(rule: EligibilityRule): LocalizedText {
  const clauses = rule.anyOf.map(describeClause);
  return {
    'zh-CN': `满足以下任一条件：${clauses.map((c) => c['zh-CN']).join('；')}`,
    en: `Any one of: ${clauses.map((c) => c.en).join('; ')}`,
  };
}

export function clauseMatches(clause: EligibilityClause, record: EducationForEligibility): boolean {
  if (clause.degree !== record.degree) return false;
  if (!clause.universityTier || clause.universityTier.length === 0) return true;
  return clause.universityTier.some((tier) => record.universityTiers.includes(tier));
}

interface RecordOutcome {
  qualifies: boolean;
  text: LocalizedText;
}

function recordOutcome(
  rule: EligibilityRule,
  record: EducationForEligibility,
  post: PostRestrictions | undefined,
): RecordOutcome {
  const degree = DEGREE_LABELS[record.degree];
  const tier = TIER_LABELS[bestTier(record.universityTiers) as BestTier];
  const subject: LocalizedText = {
    'zh-CN': `${degree['zh-CN']} · ${record.universityName}（${tier['zh-CN']}）· 专业代码 ${record.disciplineCode}`,
    en: `${degree.en} · ${record.universityName} (${tier.en}) · discipline ${record.disciplineCode}`,
  };
  const clause = rule.anyOf.find((candidate) => clauseMatches(candidate, record));
  if (!clause) {
    const sameDegree = rule.anyOf.filter((c) => c.degree === record.degree);
    const why: LocalizedText =
      sameDegree.length === 0
        ? {
            'zh-CN': `本次招聘不接受${degree['zh-CN']}学历`,
            en: `this campaign does not accept a ${degree.en} degree`,
          }
        : {
            'zh-CN': `须为${sameDegree.map((c) => describeClause(c)['zh-CN']).join('或')}`,
            en: `requires ${sameDegree.map((c) => describeClause(c).en).join(' or ')}`,
          };
    return {
      qualifies: false,
      text: {
        'zh-CN': `${subject['zh-CN']}：不符合报名条件，${why['zh-CN']}`,
        en: `${subject.en}: does not meet the campaign rule; ${why.en}`,
      },
    };
  }
  const met = describeClause(clause);
  if (post && post.degreeLevels.length > 0 && !post.degreeLevels.includes(record.degree)) {
    const wanted = post.degreeLevels.map((d) => DEGREE_LABELS[d]);
    return {
      qualifies: false,
      text: {
        'zh-CN': `${subject['zh-CN']}：符合“${met['zh-CN']}”，但该岗位只招${wanted.map((w) => w['zh-CN']).join('、')}`,
        en: `${subject.en}: meets "${met.en}", but this post only takes ${wanted.map((w) => w.en).join(', ')}`,
      },
    };
  }
  if (post && !acceptsDiscipline(post.disciplines, record.disciplineCode)) {
    return {
      qualifies: false,
      text: {
        'zh-CN': `${subject['zh-CN']}：符合“${met['zh-CN']}”，但专业不在该岗位要求的专业范围（${post.disciplines.join('、')}）内`,
        en: `${subject.en}: meets "${met.en}", but the discipline is not among those the post accepts (${post.disciplines.join(', ')})`,
      },
    };
  }
  return {
    qualifies: true,
    text: {
      'zh-CN': `${subject['zh-CN']}：符合“${met['zh-CN']}”${post ? '，学历与专业符合岗位要求' : ''}`,
      en: `${subject.en}: meets "${met.en}"${post ? '; degree and discipline fit the post' : ''}`,
    },
  };
}

/**
 * The automatic verdict: eligible when at least one education record meets a
 * clause of the campaign rule and, if a post is given, the post's degree levels
 * and disciplines. Every record gets a reason line, so a candidate sees exactly
 * why, and so does HR.
 */
export function evaluateEligibility(
  rule: EligibilityRule,
  education: readonly EducationForEligibility[],
  post?: PostRestrictions,
): EligibilityVerdict {
  if (education.length === 0) {
    return {
      eligible: false,
      decisiveRecord: null,
      reasons: [
        {
          'zh-CN': '不符合报名条件：尚未填写学历信息',
          en: 'Not eligible: no education record given',
        },
      ],
    };
  }
  const outcomes = education.map((record) => recordOutcome(rule, record, post));
  const qualifying = outcomes.findIndex((outcome) => outcome.qualifies);
  const eligible = qualifying >= 0;
  let decisiveRecord = qualifying;
  if (!eligible) {
    decisiveRecord = 0;
    education.forEach((record, index) => {
      if (DEGREE_RANK[record.degree] > DEGREE_RANK[education[decisiveRecord].degree])
        decisiveRecord = index;
    });
  }
  const summary: LocalizedText = eligible
    ? { 'zh-CN': '符合报名条件', en: 'Eligible' }
    : { 'zh-CN': '不符合报名条件', en: 'Not eligible' };
  return { eligible, decisiveRecord, reasons: [summary, ...outcomes.map((o) => o.text)] };
}
