// Message texts (zh-CN, the users' language). Pure: rendered by the worker at delivery time.

export const ROLE_NAMES_ZH: Record<string, string> = {
  candidate: '考生',
  chief_examiner: '主考官',
  examiner: '考官',
  score_clerk: '计分员',
  supervisor: '监督员',
  proctor: '候考室工作人员',
};

export interface SessionInvitationPayload {
  sessionId: string;
  title: string;
  /** ISO 8601. */
  startsAt: string;
  endsAt: string;
  role: string;
  displayName: string;
  /** Path inside the web app where the person joins. */
  link: string;
  earlyJoinMinutes: number;
  /** True when the session was changed after the first invitation. */
  changed: boolean;
}

/** A published matching result (issue 8): the hire's position, or that none could be given. */
export interface MatchingResultPayload {
  campaignName: string;
  displayName: string;
  /** One sentence with the outcome and its explanation, in Chinese. */
  outcome: string;
  /** True when the notice announces a backfill. */
  backfill: boolean;
  /** Path inside the web app where the hire sees the result. */
  link: string;
}

export interface NotificationTemplates {
  'session.invitation': SessionInvitationPayload;
  'matching.result': MatchingResultPayload;
}
export type TemplateName = keyof NotificationTemplates;

export interface RenderedNotification {
  subject: string;
  text: string;
  /** Path inside the web app, for the in-app entry. */
  link: string | null;
}

export class UnknownTemplateError extends Error {
  constructor(template: string) {
    super(`no notification template named "${template}"`);
    this.name = 'UnknownTemplateError';
  }
}

const BEIJING_OFFSET_MS = 8 * 3600_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** "2020-06-12 09:00" in Beijing time (no daylight saving, so a fixed offset is exact). */
export function formatBeijingTime(iso: string): string {
  const t = new Date(new Date(iso).getTime() + BEIJING_OFFSET_MS);
  return (
    `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ` +
    `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`
  );
}

function invitation(p: SessionInvitationPayload, webUrl: string): RenderedNotification {
  const role = ROLE_NAMES_ZH[p.role] ?? p.role;
  const url = new URL(p.link, webUrl).toString();
  const subject = p.changed ? `面试安排变更：${p.title}` : `面试邀请：${p.title}`;
  const lines = [
    `${p.displayName}，您好：`,
    '',
    p.changed
      ? `您以“${role}”身份参加的面试场次「${p.title}」安排有变更，请以本通知为准。`
      : `您已被安排以“${role}”身份参加面试场次「${p.title}」。`,
    `时间：${formatBeijingTime(p.startsAt)} 至 ${formatBeijingTime(p.endsAt)}（北京时间）`,
    `入口：${url}`,
    `开始前 ${p.earlyJoinMinutes} 分钟起可进入。请提前完成设备检测，并保持网络畅通。`,
    '',
    '本消息由云招平台自动发送，请勿直接回复。',
  ];
  return { subject, text: lines.join('\n'), link: p.link };
}

function isInvitation(
  payload: Record<string, unknown>,
): payload is Record<string, unknown> & SessionInvitationPayload {
  return ['sessionId', 'title', 'startsAt', 'endsAt', 'role', 'displayName', 'link'].every(
    (key) => typeof payload[key] === 'string',
  );
}

function matchingResult(p: MatchingResultPayload, webUrl: string): RenderedNotification {
  const url = new URL(p.link, webUrl).toString();
  const subject = p.backfill
    ? `岗位补录结果：${p.campaignName}`
    : `岗位匹配结果公布：${p.campaignName}`;
  const lines = [
    `${p.displayName}，您好：`,
    '',
    `「${p.campaignName}」的岗位匹配结果已公布。`,
    p.outcome,
    `详情：${url}`,
    '',
    '本消息由云招平台自动发送，请勿直接回复。',
  ];
  return { subject, text: lines.join('\n'), link: p.link };
}

function isMatchingResult(
  payload: Record<string, unknown>,
): payload is Record<string, unknown> & MatchingResultPayload {
  return (
    ['campaignName', 'displayName', 'outcome', 'link'].every(
      (key) => typeof payload[key] === 'string',
    ) && typeof payload.backfill === 'boolean'
  );
}

export function renderNotification(
  template: string,
  payload: Record<string, unknown>,
  webUrl: string,
): RenderedNotification {
  if (template === 'session.invitation' && isInvitation(payload)) {
    return invitation(payload, webUrl);
  }
  if (template === 'matching.result' && isMatchingResult(payload)) {
    return matchingResult(payload, webUrl);
  }
  throw new UnknownTemplateError(template);
}
