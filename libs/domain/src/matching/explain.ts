import type { MatchExplanation, SkipReason, SkippedChoice } from './types';

export type MatchLocale = 'zh-CN' | 'en';

export interface ExplainOptions {
  /** How to show a position, e.g. "City Hospital, radiologist"; default: its id. */
  positionLabel?: (id: string) => string;
}

/** 1 -> "1st", 2 -> "2nd", 11 -> "11th", 23 -> "23rd". */
export function ordinalEn(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  const suffix = ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

type FilledContext = 'serial' | 'optimal' | 'backfill';

interface Phrases {
  choice: (n: number, position: string) => string;
  list: (items: string[]) => string;
  sentence: (items: string, many: boolean, reason: SkipReason) => string;
  join: string;
}

function phrases(
  locale: MatchLocale,
  filled: FilledContext,
  discipline: string,
  label: (id: string) => string,
): Phrases {
  if (locale === 'en') {
    const filledText: Record<FilledContext, string> = {
      serial: 'filled by hires ranked ahead of you',
      optimal: 'filled by other hires',
      backfill: 'already filled',
    };
    const text = (reason: SkipReason, many: boolean): string => {
      switch (reason) {
        case 'filled':
          return `${many ? 'were' : 'was'} ${filledText[filled]}`;
        case 'no_places':
          return `${many ? 'have' : 'has'} no places`;
        case 'unknown_position':
          return many ? 'are not open positions' : 'is not an open position';
        case 'discipline_not_accepted':
          return `${many ? 'do' : 'does'} not accept your discipline (${discipline})`;
        case 'duplicate':
          return many ? 'repeat earlier choices' : 'repeats an earlier choice';
      }
    };
    return {
      choice: (n, position) => `${ordinalEn(n)} choice (${label(position)})`,
      list: (items) =>
        items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`,
      sentence: (items, many, reason) => `your ${items} ${text(reason, many)}`,
      join: '; ',
    };
  }
  const filledText: Record<FilledContext, string> = {
    serial: '已被排名在您之前的人选录满',
    optimal: '已由其他人选录满',
    backfill: '已录满',
  };
  const text: Record<SkipReason, string> = {
    filled: filledText[filled],
    no_places: '没有招聘名额',
    unknown_position: '不是有效岗位，已忽略',
    discipline_not_accepted: `不接收您的专业（${discipline}），已忽略`,
    duplicate: '与前面的志愿重复，已忽略',
  };
  return {
    choice: (n, position) => `第${n}志愿（${label(position)}）`,
    list: (items) => items.join('、'),
    sentence: (items, _many, reason) => `您的${items}${text[reason]}`,
    join: '；',
  };
}

const OPTIMAL_EN =
  'Positions were allocated together so as to place as many hires as possible and then to ' +
  'satisfy preferences as well as possible overall, with ties between equally good ' +
  'allocations settled in rank order';
const OPTIMAL_ZH =
  '本次岗位统一分配：首先使获得岗位的人数最多，其次使全体志愿的整体满足程度最高，' +
  '同样优的方案之间按名次先后决定';

/** Groups skipped entries by reason (in order of first appearance) into clauses. */
function describeSkipped(skipped: readonly SkippedChoice[], p: Phrases): string {
  const groups = new Map<SkipReason, SkippedChoice[]>();
  for (const s of skipped) {
    const group = groups.get(s.reason);
    if (group) group.push(s);
    else groups.set(s.reason, [s]);
  }
  return [...groups]
    .map(([reason, items]) =>
      p.sentence(
        p.list(items.map((s) => p.choice(s.choice, s.position))),
        items.length > 1,
        reason,
      ),
    )
    .join(p.join);
}

/**
 * Renders a structured explanation as one or two sentences a hire understands, e.g.
 * "2nd choice (P1): your 1st choice (P3) was filled by hires ranked ahead of you." or
 * "第2志愿（P1）：您的第1志愿（P3）已被排名在您之前的人选录满。"
 */
export function explainAssignment(
  explanation: MatchExplanation,
  locale: MatchLocale = 'zh-CN',
  options: ExplainOptions = {},
): string {
  const label = options.positionLabel ?? ((id: string) => id);
  const en = locale === 'en';
  switch (explanation.code) {
    case 'serial.assigned': {
      const { choice, position, discipline, skipped } = explanation.params;
      const p = phrases(locale, 'serial', discipline, label);
      const head = p.choice(choice, position);
      if (skipped.length === 0) {
        return en ? `${head}: you got your first choice.` : `${head}：您获得了第一志愿。`;
      }
      return en
        ? `${head}: ${describeSkipped(skipped, p)}.`
        : `${head}：${describeSkipped(skipped, p)}。`;
    }
    case 'optimal.assigned': {
      const { choice, position, discipline, skipped } = explanation.params;
      const p = phrases(locale, 'optimal', discipline, label);
      const head = p.choice(choice, position);
      if (en) {
        const first =
          skipped.length === 0 ? 'you got your first choice' : describeSkipped(skipped, p);
        const why =
          OPTIMAL_EN +
          (skipped.length === 0
            ? '.'
            : '; a higher choice for you was not possible without placing fewer hires, ' +
              'lowering overall satisfaction, or overriding that rank order.');
        return `${head}: ${first}. ${why}`;
      }
      const first = skipped.length === 0 ? '您获得了第一志愿' : describeSkipped(skipped, p);
      const why =
        OPTIMAL_ZH +
        (skipped.length === 0
          ? '。'
          : '；若要给您更靠前的志愿，就必须减少获得岗位的人数、降低整体满足程度，或违背上述名次顺序。');
      return `${head}：${first}。${why}`;
    }
    case 'serial.unassigned': {
      const { turn, discipline, skipped } = explanation.params;
      const p = phrases(locale, 'serial', discipline, label);
      return en
        ? `Not placed (${ordinalEn(turn)} in rank order): ${describeSkipped(skipped, p)}.`
        : `未获分配（按名次第${turn}位选岗）：${describeSkipped(skipped, p)}。`;
    }
    case 'optimal.unassigned': {
      const { discipline, skipped } = explanation.params;
      const p = phrases(locale, 'optimal', discipline, label);
      return en
        ? `Not placed: ${describeSkipped(skipped, p)}. ${OPTIMAL_EN}; any allocation that placed ` +
            'you would have placed fewer hires, satisfied preferences less well overall, or left ' +
            'out a hire ranked ahead of you.'
        : `未获分配：${describeSkipped(skipped, p)}。${OPTIMAL_ZH}；任何为您安排岗位的方案，` +
            '都会使获得岗位的人数减少、整体满足程度下降，或使排名在您之前的人选失去岗位。';
    }
    case 'no_valid_choices': {
      const { listed, discipline, skipped } = explanation.params;
      if (listed === 0) {
        return en ? 'Not placed: you did not list any choices.' : '未获分配：您没有填报志愿。';
      }
      const p = phrases(locale, 'optimal', discipline, label);
      return en
        ? `Not placed: none of your ${listed} choices could be used: ${describeSkipped(skipped, p)}.`
        : `未获分配：您填报的${listed}个志愿均无法使用：${describeSkipped(skipped, p)}。`;
    }
    case 'backfill.assigned': {
      const { choice, position, discipline, skipped } = explanation.params;
      const p = phrases(locale, 'backfill', discipline, label);
      const head = p.choice(choice, position);
      if (en) {
        const base = `${head}, assigned in a backfill after another hire withdrew and a place became free`;
        return skipped.length === 0 ? `${base}.` : `${base}: ${describeSkipped(skipped, p)}.`;
      }
      const base = `${head}：有人选放弃后空出岗位，经补录分配给您`;
      return skipped.length === 0 ? `${base}。` : `${base}；${describeSkipped(skipped, p)}。`;
    }
  }
}
