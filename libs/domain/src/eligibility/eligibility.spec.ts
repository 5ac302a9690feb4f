import { acceptsDiscipline, isCategoryCode, isDisciplineCode } from './discipline';
import {
  clauseMatches,
  describeRule,
  EducationForEligibility,
  evaluateEligibility,
} from './evaluate';
import { parseEligibilityRule, SHUICHENG_RULE, UniversityTier } from './rules';
import {
  bestTier,
  lookupUniversityTiers,
  universityLookupKey,
  UniversityFlags,
  universityTiers,
} from './university';

const PKU: UniversityTier[] = ['985', '211', 'double_first_class'];
const ONLY_211: UniversityTier[] = ['211', 'double_first_class'];
const ONLY_DFC: UniversityTier[] = ['double_first_class'];

function record(
  degree: EducationForEligibility['degree'],
  tiers: UniversityTier[],
  disciplineCode = '0812',
  universityName = '某大学',
): EducationForEligibility {
  return { degree, universityName, universityTiers: tiers, disciplineCode };
}

describe('the Shuicheng Youcai rule, every degree against every tier', () => {
  // [degree, tiers, eligible]
  const table: [EducationForEligibility['degree'], UniversityTier[], boolean][] = [
    ['phd', [], true],
    ['phd', PKU, true],
    ['master', PKU, true],
    ['master', ONLY_211, true],
    ['master', ONLY_DFC, true],
    ['master', [], false],
    ['bachelor', PKU, true],
    ['bachelor', ONLY_211, true],
    ['bachelor', ONLY_DFC, true],
    ['bachelor', [], false],
  ];
  it.each(table)('%s from tiers %j → eligible %s', (degree, tiers, eligible) => {
    expect(evaluateEligibility(SHUICHENG_RULE, [record(degree, tiers)]).eligible).toBe(eligible);
  });

  it('explains a refusal in Chinese and English, naming what was required', () => {
    const verdict = evaluateEligibility(SHUICHENG_RULE, [record('master', [], '0202', '某学院')]);
    expect(verdict.eligible).toBe(false);
    expect(verdict.reasons[0]).toEqual({ 'zh-CN': '不符合报名条件', en: 'Not eligible' });
    expect(verdict.reasons[1]['zh-CN']).toContain('某学院（非重点院校）');
    expect(verdict.reasons[1]['zh-CN']).toContain(
      '985 工程院校或211 工程院校或“双一流”建设高校的硕士研究生',
    );
    expect(verdict.reasons[1].en).toContain("requires master's from a Project 985 university");
  });

  it('explains an acceptance with the clause that was met', () => {
    const verdict = evaluateEligibility(SHUICHENG_RULE, [record('phd', [], '0703', '某大学')]);
    expect(verdict.reasons).toEqual([
      { 'zh-CN': '符合报名条件', en: 'Eligible' },
      {
        'zh-CN': '博士研究生 · 某大学（非重点院校）· 专业代码 0703：符合“博士研究生（不限院校）”',
        en: 'PhD · 某大学 (not on the key-university lists) · discipline 0703: meets "PhD (any university)"',
      },
    ]);
  });

  it('refuses a candidate with no education record, saying so', () => {
    const verdict = evaluateEligibility(SHUICHENG_RULE, []);
    expect(verdict).toEqual({
      eligible: false,
      decisiveRecord: null,
      reasons: [
        {
          'zh-CN': '不符合报名条件：尚未填写学历信息',
          en: 'Not eligible: no education record given',
        },
      ],
    });
  });

  it('qualifies on any one record and points at it', () => {
    const verdict = evaluateEligibility(SHUICHENG_RULE, [
      record('bachelor', []),
      record('master', ONLY_DFC),
    ]);
    expect(verdict.eligible).toBe(true);
    expect(verdict.decisiveRecord).toBe(1);
    expect(verdict.reasons).toHaveLength(3);
  });

  it('points at the highest degree when nothing qualifies', () => {
    const verdict = evaluateEligibility(SHUICHENG_RULE, [
      record('bachelor', []),
      record('master', []),
      record('bachelor', []),
    ]);
    expect(verdict.decisiveRecord).toBe(1);
  });
});

describe('post restrictions', () => {
  const engineeringPhdOrMaster = { degreeLevels: ['phd', 'master'] as const, disciplines: ['08'] };

  it('accept a whole category or single disciplines', () => {
    expect(
      evaluateEligibility(SHUICHENG_RULE, [record('phd', [], '0812')], engineeringPhdOrMaster)
        .eligible,
    ).toBe(true);
    expect(
      evaluateEligibility(SHUICHENG_RULE, [record('phd', [], '0812')], {
        degreeLevels: [],
        disciplines: ['0812', '0701'],
      }).eligible,
    ).toBe(true);
  });

  it('refuse a degree the post does not take, even when the campaign rule is met', () => {
    const verdict = evaluateEligibility(
      SHUICHENG_RULE,
      [record('bachelor', PKU, '0812')],
      engineeringPhdOrMaster,
    );
    expect(verdict.eligible).toBe(false);
    expect(verdict.reasons[1]['zh-CN']).toContain('该岗位只招博士研究生、硕士研究生');
    expect(verdict.reasons[1].en).toContain("this post only takes PhD, master's");
  });

  it('refuse a discipline outside the accepted list', () => {
    const verdict = evaluateEligibility(
      SHUICHENG_RULE,
      [record('phd', [], '0202')],
      engineeringPhdOrMaster,
    );
    expect(verdict.eligible).toBe(false);
    expect(verdict.reasons[1]['zh-CN']).toContain('专业不在该岗位要求的专业范围（08）内');
  });

  it('let one record satisfy both the rule and the post while another does not', () => {
    const verdict = evaluateEligibility(
      SHUICHENG_RULE,
      [record('phd', [], '0202'), record('master', PKU, '0802')],
      engineeringPhdOrMaster,
    );
    expect(verdict).toMatchObject({ eligible: true, decisiveRecord: 1 });
  });

  it('with empty lists accept every degree and discipline', () => {
    const open = { degreeLevels: [], disciplines: [] };
    expect(
      evaluateEligibility(SHUICHENG_RULE, [record('bachelor', ONLY_DFC, '1001')], open).eligible,
    ).toBe(true);
  });
});

describe('a rule the campaign changes', () => {
  it('a rule without a tier list accepts any university for that degree', () => {
    const rule = { anyOf: [{ degree: 'bachelor' as const }] };
    expect(evaluateEligibility(rule, [record('bachelor', [])]).eligible).toBe(true);
    expect(evaluateEligibility(rule, [record('phd', [])]).eligible).toBe(false);
  });

  it('says plainly when a degree level is not accepted at all', () => {
    const rule = { anyOf: [{ degree: 'phd' as const }] };
    const verdict = evaluateEligibility(rule, [record('master', PKU)]);
    expect(verdict.reasons[1]['zh-CN']).toContain('本次招聘不接受硕士研究生学历');
    expect(verdict.reasons[1].en).toContain("this campaign does not accept a master's degree");
  });

  it('clauseMatches needs the exact degree and one shared tier', () => {
    expect(
      clauseMatches({ degree: 'master', universityTier: ['985'] }, record('master', ONLY_211)),
    ).toBe(false);
    expect(
      clauseMatches({ degree: 'master', universityTier: ['211'] }, record('master', ONLY_211)),
    ).toBe(true);
    expect(clauseMatches({ degree: 'master', universityTier: [] }, record('master', []))).toBe(
      true,
    );
    expect(clauseMatches({ degree: 'phd' }, record('master', PKU))).toBe(false);
  });

  it('describes the whole rule in both languages', () => {
    expect(describeRule(SHUICHENG_RULE)).toEqual({
      'zh-CN':
        '满足以下任一条件：博士研究生（不限院校）；985 工程院校或211 工程院校或“双一流”建设高校的硕士研究生；“双一流”建设高校的学士（本科）',
      en: "Any one of: PhD (any university); master's from a Project 985 university or Project 211 university or Double First-Class university; bachelor's from a Double First-Class university",
    });
  });
});

describe('parseEligibilityRule', () => {
  it('accepts the case rule and returns an equal copy', () => {
    expect(parseEligibilityRule(JSON.parse(JSON.stringify(SHUICHENG_RULE)))).toEqual({
      ok: true,
      rule: SHUICHENG_RULE,
    });
  });

  it('drops duplicate tiers and an empty tier list', () => {
    expect(
      parseEligibilityRule({
        anyOf: [
          { degree: 'master', universityTier: ['985', '985'] },
          { degree: 'phd', universityTier: [] },
        ],
      }),
    ).toEqual({
      ok: true,
      rule: { anyOf: [{ degree: 'master', universityTier: ['985'] }, { degree: 'phd' }] },
    });
  });

  const bad: [string, unknown, string][] = [
    ['null', null, 'rule must be an object'],
    ['an array', [], 'rule must be an object'],
    ['a string', 'phd', 'rule must be an object'],
    ['no anyOf', {}, 'anyOf must be a non-empty array'],
    ['empty anyOf', { anyOf: [] }, 'anyOf must be a non-empty array'],
    ['anyOf not an array', { anyOf: { degree: 'phd' } }, 'anyOf must be a non-empty array'],
    ['unknown top-level key', { anyOf: [{ degree: 'phd' }], allOf: [] }, 'unknown keys: allOf'],
    ['clause not an object', { anyOf: ['phd'] }, 'anyOf[0] must be an object'],
    [
      'unknown degree',
      { anyOf: [{ degree: 'doctor' }] },
      'anyOf[0].degree must be one of bachelor, master, phd',
    ],
    ['missing degree', { anyOf: [{ universityTier: ['985'] }] }, 'anyOf[0].degree must be one of'],
    [
      'unknown tier',
      { anyOf: [{ degree: 'master', universityTier: ['c9'] }] },
      'anyOf[0].universityTier must be a list',
    ],
    [
      'tier not a list',
      { anyOf: [{ degree: 'master', universityTier: '985' }] },
      'anyOf[0].universityTier must be a list',
    ],
    [
      'unknown clause key',
      { anyOf: [{ degree: 'phd', age: 35 }] },
      'anyOf[0] has unknown keys: age',
    ],
    [
      'too many clauses',
      { anyOf: Array.from({ length: 21 }, () => ({ degree: 'phd' })) },
      'more than 20 clauses',
    ],
  ];
  it.each(bad)('refuses %s', (_name, input, problem) => {
    const result = parseEligibilityRule(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join(' | ')).toContain(problem);
  });
});

describe('university tiers', () => {
  const flags = (is985: boolean, is211: boolean, isDoubleFirstClass: boolean): UniversityFlags => ({
    is985,
    is211,
    isDoubleFirstClass,
  });

  it('lists tiers strongest first and picks the best', () => {
    expect(universityTiers(flags(true, true, true))).toEqual(PKU);
    expect(universityTiers(flags(false, true, true))).toEqual(ONLY_211);
    expect(universityTiers(flags(false, false, true))).toEqual(ONLY_DFC);
    expect(universityTiers(flags(false, false, false))).toEqual([]);
    expect(bestTier(PKU)).toBe('985');
    expect(bestTier(ONLY_DFC)).toBe('double_first_class');
    expect(bestTier([])).toBe('other');
  });

  it('looks names up regardless of bracket width, spaces and letter case', () => {
    const byKey = new Map([
      [universityLookupKey('中国矿业大学（北京）'), flags(false, true, true)],
      [universityLookupKey('Peking University'), flags(true, true, true)],
    ]);
    expect(lookupUniversityTiers('中国矿业大学(北京)', byKey)).toEqual(ONLY_211);
    expect(lookupUniversityTiers(' 中国矿业大学 （北京） ', byKey)).toEqual(ONLY_211);
    expect(lookupUniversityTiers('peking  UNIVERSITY', byKey)).toEqual(PKU);
    expect(lookupUniversityTiers('中国矿业大学', byKey)).toEqual([]);
  });
});

describe('discipline codes', () => {
  it.each([
    ['01', true],
    ['14', true],
    ['00', false],
    ['15', false],
    ['8', false],
    ['080', false],
  ])('category %s → %s', (code, valid) => expect(isCategoryCode(code)).toBe(valid));

  it.each([
    ['0812', true],
    ['0854', true],
    ['1403', true],
    ['1501', false],
    ['0012', false],
    ['08a2', false],
    ['08120', false],
  ])('discipline %s → %s', (code, valid) => expect(isDisciplineCode(code)).toBe(valid));

  it('a post accepts whole categories, single codes, or anything when empty', () => {
    expect(acceptsDiscipline(['08'], '0812')).toBe(true);
    expect(acceptsDiscipline(['08'], '0701')).toBe(false);
    expect(acceptsDiscipline(['0701', '1001'], '1001')).toBe(true);
    expect(acceptsDiscipline(['0701'], '0702')).toBe(false);
    expect(acceptsDiscipline([], '0101')).toBe(true);
  });
});
