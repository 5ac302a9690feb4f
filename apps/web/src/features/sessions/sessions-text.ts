import { useCallback } from 'react';
import { useI18n } from '../../i18n';

/**
 * Words of the session scheduling, schedule and notification pages.
 * zh-CN defines the keys; en must have exactly the same (checked by TypeScript).
 */
const zhCN = {
  'common.loading': '正在加载…',
  'common.none': '暂无',
  'common.refresh': '刷新',
  'common.back': '返回列表',
  'role.candidate': '考生',
  'role.chief_examiner': '主考官',
  'role.examiner': '考官',
  'role.score_clerk': '计分员',
  'role.supervisor': '监督员',
  'role.proctor': '候考室工作人员',

  'sessions.title': '场次安排',
  'sessions.lead': '编排面试场次、考官组与考生名单；面试顺序由抽签决定。',
  'sessions.new': '新建场次',
  'sessions.list': '全部场次',
  'sessions.col.title': '场次',
  'sessions.col.time': '时间',
  'sessions.col.panel': '考官组',
  'sessions.col.candidates': '考生',
  'sessions.col.order': '顺序',
  'sessions.orderDrawn': '已抽签',
  'sessions.orderPending': '待抽签',
  'sessions.people': '{count} 人',
  'sessions.open': '查看',
  'form.campaignId': '招聘活动编号',
  'form.loadApplications': '载入已审核通过的报名',
  'form.categoryCode': '岗位类别代码',
  'form.title': '场次名称',
  'form.startsAt': '开始时间',
  'form.endsAt': '结束时间',
  'form.chief': '主考官',
  'form.examiners': '考官（连同主考官须为奇数，3–15 人）',
  'form.panelSize': '当前考官组 {count} 人',
  'form.clerk': '计分员（可选）',
  'form.supervisors': '监督员（至少 1 人）',
  'form.proctors': '候考室工作人员（可选）',
  'form.candidates': '考生（仅审核通过的报名）',
  'form.scheduledElsewhere': '已安排在其他场次',
  'form.choose': '请选择',
  'form.submit': '创建场次并发送邀请',
  'form.created': '场次已创建，邀请已发出。',
  'detail.panel': '考官组',
  'detail.slots': '考生与面试顺序',
  'detail.position': '序号',
  'detail.order': '面试顺序抽签',
  'detail.commitment': '承诺值（抽签前公布）',
  'detail.publicValue': '监督员现场给出的数值（可选）',
  'detail.draw': '抽签确定面试顺序',
  'detail.drawn': '抽签时间：{time}',
  'detail.record': '抽签记录（可复核）',
  'detail.recusals': '回避申报',
  'detail.recusalPair': '{examiner} 回避 {candidate}（{reason}）',
  'reason.same_institution': '同一单位',
  'reason.relative': '亲属关系',
  'reason.other': '其他',
  'detail.recusalFlag': '{examiner} 回避（{reason}）',
  'detail.flags': '回避',

  'edit.open': '编辑场次',
  'edit.title': '编辑场次',
  'edit.save': '保存修改并通知相关人员',
  'edit.cancel': '取消',
  'edit.saved': '场次已更新，变更通知已发出。',
  'edit.failed': '保存失败，请按提示修改。',
  'edit.candidatesLocked': '面试顺序已抽签，考生名单不能再调整。',

  'conflicts.title': '回避申报',
  'conflicts.lead':
    '如与本场考生存在同一单位、亲属等利害关系，请在面试前申报回避；回避后您不为该考生评分。',
  'conflicts.empty': '您没有担任考官的场次。',
  'conflicts.candidates': '本场考生',
  'conflicts.status': '回避情况',
  'conflicts.declared': '已申报：{reason}',
  'conflicts.mine': '我的回避申报',
  'conflicts.none': '尚未申报回避。',
  'conflicts.candidate': '考生',
  'conflicts.reason': '回避原因',
  'conflicts.note': '说明（原因为“其他”时必填）',
  'conflicts.submit': '提交回避申报',
  'conflicts.submitted': '已申报回避：{candidate}（{reason}）。',

  'schedule.staffTitle': '面试日程',
  'schedule.staffLead': '您参加的面试场次。开始前 30 分钟起可进入面试室。',
  'schedule.candidateTitle': '我的面试',
  'schedule.candidateLead': '您的面试时间与顺序。请提前完成设备检测，开始前可进入候考室。',
  'schedule.empty': '暂无安排的场次。',
  'schedule.role': '职责：{role}',
  'schedule.slot': '面试顺序：第 {slot} 位',
  'schedule.slotPending': '面试顺序：抽签后公布',
  'schedule.window': '入场时间：{from} 至 {to}',
  'schedule.enter': '进入面试',
  'schedule.entering': '正在进入…',

  'notifications.title': '消息通知',
  'notifications.lead': '面试邀请、安排变更等通知。',
  'notifications.unread': '未读 {count} 条',
  'notifications.markRead': '标为已读',
  'notifications.read': '已读',
  'notifications.open': '打开链接',
  'notifications.empty': '暂无消息。',
};

export type SessionsTextKey = keyof typeof zhCN;

const en: Record<SessionsTextKey, string> = {
  'common.loading': 'Loading…',
  'common.none': 'None',
  'common.refresh': 'Refresh',
  'common.back': 'Back to the list',
  'role.candidate': 'Candidate',
  'role.chief_examiner': 'Chief examiner',
  'role.examiner': 'Examiner',
  'role.score_clerk': 'Score clerk',
  'role.supervisor': 'Supervisor',
  'role.proctor': 'Waiting-room staff',

  'sessions.title': 'Interview sessions',
  'sessions.lead': 'Schedule sessions, panels and candidates; the interview order is drawn by lot.',
  'sessions.new': 'New session',
  'sessions.list': 'All sessions',
  'sessions.col.title': 'Session',
  'sessions.col.time': 'Time',
  'sessions.col.panel': 'Panel',
  'sessions.col.candidates': 'Candidates',
  'sessions.col.order': 'Order',
  'sessions.orderDrawn': 'Drawn',
  'sessions.orderPending': 'Not drawn',
  'sessions.people': '{count}',
  'sessions.open': 'Open',
  'form.campaignId': 'Campaign id',
  'form.loadApplications': 'Load approved applications',
  'form.categoryCode': 'Category code',
  'form.title': 'Session title',
  'form.startsAt': 'Starts at',
  'form.endsAt': 'Ends at',
  'form.chief': 'Chief examiner',
  'form.examiners': 'Examiners (with the chief: an odd number, 3–15)',
  'form.panelSize': 'Panel now has {count}',
  'form.clerk': 'Score clerk (optional)',
  'form.supervisors': 'Supervisors (at least 1)',
  'form.proctors': 'Waiting-room staff (optional)',
  'form.candidates': 'Candidates (approved applications only)',
  'form.scheduledElsewhere': 'already in another session',
  'form.choose': 'Choose',
  'form.submit': 'Create the session and send invitations',
  'form.created': 'Session created; invitations sent.',
  'detail.panel': 'Panel',
  'detail.slots': 'Candidates and interview order',
  'detail.position': 'No.',
  'detail.order': 'Interview order by lot',
  'detail.commitment': 'Commitment (published before the draw)',
  'detail.publicValue': 'Value given by the supervisor at draw time (optional)',
  'detail.draw': 'Draw the interview order',
  'detail.drawn': 'Drawn at {time}',
  'detail.record': 'Draw record (verifiable)',
  'detail.recusals': 'Declared conflicts of interest',
  'detail.recusalPair': '{examiner} recused from {candidate} ({reason})',
  'reason.same_institution': 'same institution',
  'reason.relative': 'relative',
  'reason.other': 'other',
  'detail.recusalFlag': '{examiner} recused ({reason})',
  'detail.flags': 'Conflicts',

  'edit.open': 'Edit the session',
  'edit.title': 'Edit the session',
  'edit.save': 'Save and notify the people concerned',
  'edit.cancel': 'Cancel',
  'edit.saved': 'Session updated; change notices sent.',
  'edit.failed': 'Not saved; please correct the marked fields.',
  'edit.candidatesLocked': 'The interview order has been drawn; the candidate list is fixed.',

  'conflicts.title': 'Conflicts of interest',
  'conflicts.lead':
    'If you have a conflict with a candidate of your session (same institution, relative, …), declare it before the interview; you will not score that candidate.',
  'conflicts.empty': 'You are not an examiner in any session.',
  'conflicts.candidates': 'Candidates of the session',
  'conflicts.status': 'Conflict',
  'conflicts.declared': 'Declared: {reason}',
  'conflicts.mine': 'My declared conflicts',
  'conflicts.none': 'No conflict declared.',
  'conflicts.candidate': 'Candidate',
  'conflicts.reason': 'Reason',
  'conflicts.note': "Note (required when the reason is 'other')",
  'conflicts.submit': 'Declare the conflict',
  'conflicts.submitted': 'Conflict declared: {candidate} ({reason}).',

  'schedule.staffTitle': 'Schedule',
  'schedule.staffLead': 'Sessions you take part in. The room opens 30 minutes before the start.',
  'schedule.candidateTitle': 'My interviews',
  'schedule.candidateLead':
    'Your interview time and order. Test your devices in advance; the waiting room opens before the start.',
  'schedule.empty': 'No sessions scheduled.',
  'schedule.role': 'Part: {role}',
  'schedule.slot': 'Interview order: no. {slot}',
  'schedule.slotPending': 'Interview order: published after the draw',
  'schedule.window': 'Room open: {from} to {to}',
  'schedule.enter': 'Enter the interview',
  'schedule.entering': 'Entering…',

  'notifications.title': 'Notifications',
  'notifications.lead': 'Interview invitations, schedule changes and other notices.',
  'notifications.unread': '{count} unread',
  'notifications.markRead': 'Mark as read',
  'notifications.read': 'Read',
  'notifications.open': 'Open link',
  'notifications.empty': 'No notifications.',
};

const dictionaries = { 'zh-CN': zhCN, en } as const;

export function useSessionsText() {
  const { locale } = useI18n();
  const t = useCallback(
    (key: SessionsTextKey, params?: Record<string, string | number>) => {
      const template: string = dictionaries[locale][key];
      return params
        ? template.replace(/\{(\w+)\}/g, (match, name: string) =>
            name in params ? String(params[name]) : match,
          )
        : template;
    },
    [locale],
  );
  /** Local date and time, e.g. 2020-06-12 08:30. */
  const formatTime = useCallback(
    (iso: string) =>
      new Date(iso).toLocaleString(locale, {
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      }),
    [locale],
  );
  return { t, locale, formatTime };
}

export const isRoleKey = (role: string): role is keyof typeof ROLE_KEYS => role in ROLE_KEYS;
const ROLE_KEYS = {
  candidate: 'role.candidate',
  chief_examiner: 'role.chief_examiner',
  examiner: 'role.examiner',
  score_clerk: 'role.score_clerk',
  supervisor: 'role.supervisor',
  proctor: 'role.proctor',
} as const satisfies Record<string, SessionsTextKey>;

export function roleText(role: string): SessionsTextKey {
  return isRoleKey(role) ? ROLE_KEYS[role] : 'role.examiner';
}
