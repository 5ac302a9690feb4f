import { useFeatureText } from '../../../i18n';

/**
 * The words of the room's questions panel (draw, commitment check, questions,
 * countdown). zh-CN defines the keys; en must have exactly the same (checked by TypeScript).
 */
const zhCN = {
  'questions.title': '面试题目',
  'questions.notDrawn': '尚未抽取题本',
  'questions.drawn': '已抽题',
  'questions.set': '题本：{code} {title}',
  'questions.commitment': '抽签前公布的承诺值',
  'questions.commitmentChecking': '正在校验承诺值…',
  'questions.commitmentOk': '✓ 承诺值校验通过',
  'questions.commitmentBad': '✗ 承诺值校验未通过：抽签记录与事先公布的承诺值不符',
  'questions.publicRecord': '查看公开抽签记录',
  'questions.supervisorWaiting': '等待监督员输入随机值',
  'questions.supervisorEntered': '监督员已输入随机值：{value}',
  'questions.valueLabel': '监督员随机值',
  'questions.valueHint':
    '输入任意 1–100 个字符（如随手写下的一串数字），作为本场抽题的公开随机源之一。',
  'questions.submitValue': '提交随机值',
  'questions.draw': '抽取题本',
  'questions.drawNeedsValue': '监督员输入随机值后方可抽取题本',
  'questions.next': '下一题',
  'questions.noQuestion': '主考官尚未出示题目',
  'questions.position': '第 {n} 题 / 共 {total} 题',
  'questions.for': '考生：{name}',
  'questions.remaining': '剩余时间',
  'questions.warning': '计时提醒：即将到时',
  'questions.timeUp': '时间到',
  'questions.dimensions': '测评要素',
  'questions.guidance': '评分参考（考生不可见）',
  'questions.referencePoints': '评分要点',
  'questions.bands': '评分档次',
  'questions.band': '{label}：{min}–{max} 分',
  'questions.loadFailed': '无法读取题目：{message}',
};

export type QuestionTextKey = keyof typeof zhCN;

const en: Record<QuestionTextKey, string> = {
  'questions.title': 'Interview questions',
  'questions.notDrawn': 'The question set has not been drawn yet',
  'questions.drawn': 'Question set drawn',
  'questions.set': 'Set: {code} {title}',
  'questions.commitment': 'Commitment published before the draw',
  'questions.commitmentChecking': 'Checking the commitment…',
  'questions.commitmentOk': '✓ Commitment check passed',
  'questions.commitmentBad':
    '✗ Commitment check failed: the draw record does not match the commitment published beforehand',
  'questions.publicRecord': 'Open the public draw record',
  'questions.supervisorWaiting': "Waiting for the supervisor's value",
  'questions.supervisorEntered': 'The supervisor entered: {value}',
  'questions.valueLabel': "Supervisor's value",
  'questions.valueHint':
    "Type any 1–100 characters (a few random digits, say): one of the draw's public sources of randomness.",
  'questions.submitValue': 'Submit the value',
  'questions.draw': 'Draw the question set',
  'questions.drawNeedsValue': 'The set can be drawn once the supervisor has entered their value',
  'questions.next': 'Next question',
  'questions.noQuestion': 'The chief examiner has not shown a question yet',
  'questions.position': 'Question {n} of {total}',
  'questions.for': 'Candidate: {name}',
  'questions.remaining': 'Time left',
  'questions.warning': 'Timekeeper: time is almost up',
  'questions.timeUp': "Time's up",
  'questions.dimensions': 'Dimensions assessed',
  'questions.guidance': 'Scoring guidance (not shown to the candidate)',
  'questions.referencePoints': 'Reference points',
  'questions.bands': 'Bands',
  'questions.band': '{label}: {min}–{max} points',
  'questions.loadFailed': 'Could not read the questions: {message}',
};

const dictionaries = { 'zh-CN': zhCN, en } as const;

export function useQuestionRoomText() {
  return useFeatureText<QuestionTextKey>(dictionaries);
}
