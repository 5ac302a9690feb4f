import type { MatchExplanation } from '@yunzhao/domain';
import { renderNotification } from '@yunzhao/notifications';
import { beijingTime, explain, positionLabeler } from './matching-common';

const label = positionLabeler([
  { id: 'p1', code: 'A', unit: '聊城市人民医院', title: '信息科工程师' },
  { id: 'p2', code: 'B', unit: '阳谷县人民医院', title: '设备科工程师' },
] as never);

describe('explain', () => {
  const second: MatchExplanation = {
    code: 'serial.assigned',
    params: {
      choice: 2,
      position: 'p2',
      turn: 3,
      discipline: '0812',
      skipped: [{ choice: 1, position: 'p1', reason: 'filled' }],
    },
  };

  it("renders the algorithm's explanation in both languages with position labels", () => {
    const text = explain(second, label);
    expect(text['zh-CN']).toBe(
      '第2志愿（阳谷县人民医院 · 设备科工程师（B））：您的第1志愿（聊城市人民医院 · 信息科工程师（A））已被排名在您之前的人选录满。',
    );
    expect(text.en).toMatch(/^2nd choice \(阳谷县人民医院 · 设备科工程师（B）\): your 1st choice/);
  });

  it("replaces it with HR's override and its reason", () => {
    const text = explain(second, label, {
      hire: 'h',
      from: 'p2',
      to: 'p1',
      choice: 1,
      reason: '照顾就近',
      by: 'u',
      at: '2026-01-01T00:00:00Z',
    });
    expect(text['zh-CN']).toBe(
      '第1志愿（聊城市人民医院 · 信息科工程师（A））：经人事部门调整。理由：照顾就近',
    );
    expect(text.en).toBe(
      '1st choice (聊城市人民医院 · 信息科工程师（A）): adjusted by HR. Reason: 照顾就近',
    );
  });

  it('falls back to the id for a position that no longer exists', () => {
    expect(label('gone')).toBe('gone');
  });
});

describe('beijingTime', () => {
  it('shows UTC+8 without daylight saving', () => {
    expect(beijingTime(new Date('2026-12-31T17:30:00Z'))).toBe('2027-01-01 01:30');
  });
});

describe('the matching.result notice', () => {
  it('renders with the outcome and a link to the hire page', () => {
    const rendered = renderNotification(
      'matching.result',
      {
        campaignName: '水城优才',
        displayName: '赵小云',
        outcome: '第1志愿（A）：您获得了第一志愿。',
        backfill: false,
        link: '/my-position',
      },
      'https://yunzhao.example',
    );
    expect(rendered.subject).toBe('岗位匹配结果公布：水城优才');
    expect(rendered.text).toContain('第1志愿（A）：您获得了第一志愿。');
    expect(rendered.text).toContain('https://yunzhao.example/my-position');
    expect(rendered.link).toBe('/my-position');
  });
});
