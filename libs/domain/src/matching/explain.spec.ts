import { explainAssignment, ordinalEn } from './explain';
import type { MatchExplanation } from './types';

describe('explainAssignment', () => {
  it('writes English ordinals', () => {
    expect([1, 2, 3, 4, 10, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinalEn)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '10th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
      '101st',
      '111th',
    ]);
  });

  const serialSecond: MatchExplanation = {
    code: 'serial.assigned',
    params: {
      choice: 2,
      position: 'P1',
      turn: 5,
      discipline: '0202',
      skipped: [{ choice: 1, position: 'P3', reason: 'filled' }],
    },
  };

  it('explains a lower serial choice in both languages (zh-CN by default)', () => {
    expect(explainAssignment(serialSecond, 'en')).toBe(
      '2nd choice (P1): your 1st choice (P3) was filled by hires ranked ahead of you.',
    );
    expect(explainAssignment(serialSecond)).toBe(
      '第2志愿（P1）：您的第1志愿（P3）已被排名在您之前的人选录满。',
    );
  });

  it('uses position labels when given', () => {
    const labels: Record<string, string> = { P1: 'County School, teacher', P3: 'City Hospital' };
    expect(explainAssignment(serialSecond, 'en', { positionLabel: (id) => labels[id] ?? id })).toBe(
      '2nd choice (County School, teacher): your 1st choice (City Hospital) was filled by hires ' +
        'ranked ahead of you.',
    );
  });

  it('groups skipped entries by reason', () => {
    const explanation: MatchExplanation = {
      code: 'serial.unassigned',
      params: {
        turn: 12,
        listed: 5,
        valid: 3,
        discipline: '1202',
        skipped: [
          { choice: 1, position: 'A', reason: 'filled' },
          { choice: 2, position: 'X', reason: 'unknown_position' },
          { choice: 3, position: 'B', reason: 'filled' },
          { choice: 4, position: 'A', reason: 'duplicate' },
          { choice: 5, position: 'C', reason: 'no_places' },
        ],
      },
    };
    expect(explainAssignment(explanation, 'en')).toBe(
      'Not placed (12th in rank order): your 1st choice (A) and 3rd choice (B) were filled by ' +
        'hires ranked ahead of you; your 2nd choice (X) is not an open position; your 4th choice ' +
        '(A) repeats an earlier choice; your 5th choice (C) has no places.',
    );
    expect(explainAssignment(explanation, 'zh-CN')).toBe(
      '未获分配（按名次第12位选岗）：您的第1志愿（A）、第3志愿（B）已被排名在您之前的人选录满；' +
        '您的第2志愿（X）不是有效岗位，已忽略；您的第4志愿（A）与前面的志愿重复，已忽略；' +
        '您的第5志愿（C）没有招聘名额。',
    );
  });

  it('states the principle of the optimal allocation', () => {
    const first: MatchExplanation = {
      code: 'optimal.assigned',
      params: { choice: 1, position: 'P1', discipline: '0202', skipped: [] },
    };
    expect(explainAssignment(first, 'en')).toBe(
      '1st choice (P1): you got your first choice. Positions were allocated together so as to ' +
        'place as many hires as possible and then to satisfy preferences as well as possible ' +
        'overall, with ties between equally good allocations settled in rank order.',
    );
    const third: MatchExplanation = {
      code: 'optimal.assigned',
      params: {
        choice: 3,
        position: 'P4',
        discipline: '0202',
        skipped: [
          { choice: 1, position: 'P1', reason: 'filled' },
          { choice: 2, position: 'P2', reason: 'filled' },
        ],
      },
    };
    expect(explainAssignment(third, 'en')).toMatch(
      /^3rd choice \(P4\): your 1st choice \(P1\) and 2nd choice \(P2\) were filled by other hires\. .*a higher choice for you was not possible without placing fewer hires, lowering overall satisfaction, or overriding that rank order\.$/,
    );
    expect(explainAssignment(third, 'zh-CN')).toMatch(
      /^第3志愿（P4）：您的第1志愿（P1）、第2志愿（P2）已由其他人选录满。本次岗位统一分配：.*或违背上述名次顺序。$/,
    );
    const out: MatchExplanation = {
      code: 'optimal.unassigned',
      params: {
        listed: 1,
        valid: 1,
        discipline: '0202',
        skipped: [{ choice: 1, position: 'P1', reason: 'filled' }],
      },
    };
    expect(explainAssignment(out, 'en')).toMatch(
      /^Not placed: your 1st choice \(P1\) was filled by other hires\. .*left out a hire ranked ahead of you\.$/,
    );
    expect(explainAssignment(out, 'zh-CN')).toMatch(
      /^未获分配：您的第1志愿（P1）已由其他人选录满。/,
    );
  });

  it('explains hires without usable choices and backfills', () => {
    expect(
      explainAssignment(
        { code: 'no_valid_choices', params: { listed: 0, discipline: '0202', skipped: [] } },
        'en',
      ),
    ).toBe('Not placed: you did not list any choices.');
    const none: MatchExplanation = {
      code: 'no_valid_choices',
      params: {
        listed: 2,
        discipline: '0202',
        skipped: [
          { choice: 1, position: 'P9', reason: 'discipline_not_accepted' },
          { choice: 2, position: 'P8', reason: 'discipline_not_accepted' },
        ],
      },
    };
    expect(explainAssignment(none, 'en')).toBe(
      'Not placed: none of your 2 choices could be used: your 1st choice (P9) and 2nd choice ' +
        '(P8) do not accept your discipline (0202).',
    );
    expect(explainAssignment(none, 'zh-CN')).toBe(
      '未获分配：您填报的2个志愿均无法使用：您的第1志愿（P9）、第2志愿（P8）不接收您的专业（0202），已忽略。',
    );
    const backfill: MatchExplanation = {
      code: 'backfill.assigned',
      params: {
        algorithm: 'serial',
        choice: 2,
        position: 'P2',
        discipline: '0202',
        skipped: [{ choice: 1, position: 'P1', reason: 'filled' }],
      },
    };
    expect(explainAssignment(backfill, 'en')).toBe(
      '2nd choice (P2), assigned in a backfill after another hire withdrew and a place became ' +
        'free: your 1st choice (P1) was already filled.',
    );
    expect(explainAssignment(backfill, 'zh-CN')).toBe(
      '第2志愿（P2）：有人选放弃后空出岗位，经补录分配给您；您的第1志愿（P1）已录满。',
    );
  });
});
