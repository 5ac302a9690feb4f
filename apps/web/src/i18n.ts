import { useCallback, useSyncExternalStore } from 'react';

/**
 * Dictionary-based i18n. zh-CN is the source of truth: its keys define `MessageKey`,
 * and every other locale must provide exactly the same keys (checked by TypeScript).
 * Placeholders use `{name}` and are filled from the `params` argument of `t`.
 */
const zhCN = {
  'app.name': '云招',
  'app.subtitle': '人才招聘在线面试平台',
  'app.documentTitle': '云招 · 人才招聘面试平台',
  'app.tagline': '从报名、资格审核、屏对屏面试到评分公布与岗位匹配，全流程在线、公平、可追溯。',

  'locale.switch': 'English',
  'locale.switchHint': '切换语言',

  'common.loading': '正在加载…',
  'common.backHome': '返回首页',

  'login.title': '登录',
  'login.intro': '请使用招聘单位分配或注册时设置的账号登录。',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.submitting': '正在登录，请稍候…',
  'login.usernameRequired': '请输入用户名',
  'login.passwordRequired': '请输入密码',
  'login.sessionExpired': '登录已过期，请重新登录。',
  'login.help': '忘记密码或无法登录，请联系招聘单位或系统管理员。',
  'login.feature1': '屏对屏远程面试，考生与考官各在其位',
  'login.feature2': '一场一套题，现场随机抽取',
  'login.feature3': '监督员全程在场，每一步操作留痕可查',
  'login.register': '还没有账号？考生注册',

  'error.network': '无法连接服务器，请检查网络后重试。',
  'error.rateLimited': '尝试次数过多，请稍后再试。',
  'error.unauthorized': '用户名或密码错误。',
  'error.unknown': '操作失败，请稍后重试（错误码 {status}）。',

  'layout.skipToContent': '跳到主要内容',
  'layout.mainNav': '主导航',
  'layout.roles': '角色',
  'layout.logout': '退出登录',
  'layout.home': '首页',

  'home.greeting': '{name}，您好',
  'home.intro': '欢迎使用云招。请选择要办理的事项。',
  'home.empty': '您的账号尚未分配可用功能，请联系系统管理员。',
  'home.open': '进入',

  'forbidden.title': '无权访问',
  'forbidden.body': '您当前的角色无权访问此页面。如有疑问，请联系系统管理员。',
  'notFound.title': '页面不存在',
  'notFound.body': '您访问的页面不存在或已被移除。',

  'role.candidate': '考生',
  'role.examiner': '考官',
  'role.chief_examiner': '主考官',
  'role.score_clerk': '计分员',
  'role.proctor': '监考员',
  'role.supervisor': '监督员',
  'role.question_admin': '题库管理员',
  'role.hr': '人事专员',
  'role.admin': '系统管理员',

  'nav.profile': '个人信息',
  'nav.profile.desc': '填写姓名、身份证号码、学历信息，上传学位证书等材料。',
  'nav.applications': '我的报名',
  'nav.applications.desc': '选择岗位类别报名，上传资格材料，查看审核进度。',
  'nav.deviceCheck': '设备检测',
  'nav.deviceCheck.desc': '检测摄像头、麦克风与网络，确保面试顺利进行。',
  'nav.mockInterview': '模拟面试',
  'nav.mockInterview.desc': '熟悉在线面试的完整流程，提前演练。',
  'nav.mockTraining': '模拟面试陪练',
  'nav.mockTraining.desc': '以考官身份进入考生的模拟面试室，带考生完整演练一次。',
  'nav.room': '面试室',
  'nav.room.desc': '场次的在线面试室（候考、面试、监督）。',
  'nav.interviews': '我的面试',
  'nav.interviews.desc': '查看面试时间、进入候考室和面试间，查看公布成绩。',
  'nav.schedule': '面试日程',
  'nav.schedule.desc':
    '查看所参加场次的时间安排，进入面试间：主考组织场次、抽题与公布成绩，监考员管理候考室，监督员隐身旁听。',
  'nav.scoring': '评分',
  'nav.scoring.desc': '按评分要素为考生打分，提交后不可擅自更改。',
  'nav.conflicts': '回避申报',
  'nav.conflicts.desc': '申报与本场考生的利害关系（同一单位、亲属等），回避后不为其评分。',
  'nav.recordings': '录像',
  'nav.recordings.desc': '回看各场次的完整音视频录像。',
  'nav.audit': '审计日志',
  'nav.audit.desc': '查询抽题、评分、公布等关键操作的审计记录。',
  'nav.questionBank': '题库',
  'nav.questionBank.desc': '管理面试题本与评分要点，题本在抽取前保持密封。',
  'nav.questionDraw': '抽题',
  'nav.questionDraw.desc': '监督员输入随机值，主考官抽取本场题本并逐题出示，考生与考官组同步计时。',
  'nav.campaigns': '招聘活动',
  'nav.campaigns.desc': '发布招聘活动，设置岗位类别、资格条件与用人岗位。',
  'nav.review': '报名审核',
  'nav.review.desc': '审核考生报名信息与资格材料。',
  'nav.sessions': '场次安排',
  'nav.sessions.desc': '编排面试场次、考官组与考生名单。',
  'nav.results': '成绩',
  'nav.results.desc': '汇总面试成绩，生成排名与拟聘名单。',
  'nav.myPosition': '我的岗位',
  'nav.myPosition.desc': '拟聘后填报岗位志愿，查看岗位匹配结果。',
  'nav.matching': '岗位匹配',
  'nav.matching.desc': '依据专业与个人意愿，将拟聘人员匹配到具体岗位。',
  'nav.adminUsers': '用户管理',
  'nav.adminUsers.desc': '管理平台账号与角色分配。',
  'nav.notifications': '消息通知',
  'nav.notifications.desc': '查看面试邀请、安排变更等消息。',
};

export type MessageKey = keyof typeof zhCN;
type Dictionary = Record<MessageKey, string>;

const en: Dictionary = {
  'app.name': 'Yunzhao',
  'app.subtitle': 'Online Talent Recruitment & Interview Platform',
  'app.documentTitle': 'Yunzhao · Talent Recruitment & Interview Platform',
  'app.tagline':
    'From application and eligibility review to screen-to-screen interviews, score announcement and placement: online, fair and traceable.',

  'locale.switch': '中文',
  'locale.switchHint': 'Switch language',

  'common.loading': 'Loading…',
  'common.backHome': 'Back to home',

  'login.title': 'Sign in',
  'login.intro':
    'Sign in with the account issued by the recruiting office or created at registration.',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in, please wait…',
  'login.usernameRequired': 'Please enter your username',
  'login.passwordRequired': 'Please enter your password',
  'login.sessionExpired': 'Your session has expired. Please sign in again.',
  'login.help':
    'Forgot your password or cannot sign in? Contact the recruiting office or the system administrator.',
  'login.feature1': 'Screen-to-screen interviews, everyone at their own computer',
  'login.feature2': 'One question set per session, drawn at random',
  'login.feature3': 'Supervisors follow every session; every step leaves an audit trail',
  'login.register': 'No account yet? Register as a candidate',

  'error.network': 'Cannot reach the server. Check your network and try again.',
  'error.rateLimited': 'Too many attempts. Please try again later.',
  'error.unauthorized': 'Incorrect username or password.',
  'error.unknown': 'Something went wrong. Please try again later (error {status}).',

  'layout.skipToContent': 'Skip to main content',
  'layout.mainNav': 'Main navigation',
  'layout.roles': 'Roles',
  'layout.logout': 'Sign out',
  'layout.home': 'Home',

  'home.greeting': 'Hello, {name}',
  'home.intro': 'Welcome to Yunzhao. Choose what you would like to do.',
  'home.empty': 'No features are assigned to your account yet. Please contact the administrator.',
  'home.open': 'Open',

  'forbidden.title': 'Access denied',
  'forbidden.body':
    'Your roles do not allow access to this page. Contact the administrator if you need access.',
  'notFound.title': 'Page not found',
  'notFound.body': 'The page you requested does not exist or has been removed.',

  'role.candidate': 'Candidate',
  'role.examiner': 'Examiner',
  'role.chief_examiner': 'Chief examiner',
  'role.score_clerk': 'Score clerk',
  'role.proctor': 'Proctor',
  'role.supervisor': 'Supervisor',
  'role.question_admin': 'Question administrator',
  'role.hr': 'HR officer',
  'role.admin': 'Administrator',

  'nav.profile': 'Profile',
  'nav.profile.desc':
    'Name, ID number and education; upload degree certificates and other documents.',
  'nav.applications': 'My applications',
  'nav.applications.desc':
    'Apply to a category, upload eligibility documents, track review status.',
  'nav.deviceCheck': 'Device check',
  'nav.deviceCheck.desc': 'Test your camera, microphone and network before the interview.',
  'nav.mockInterview': 'Mock interview',
  'nav.mockInterview.desc': 'Rehearse the complete online interview process.',
  'nav.mockTraining': 'Mock interview training',
  'nav.mockTraining.desc':
    'Join a candidate’s mock interview room as the panel and rehearse with them.',
  'nav.room': 'Interview room',
  'nav.room.desc': 'A session’s online interview room (waiting, interview, supervision).',
  'nav.interviews': 'My interviews',
  'nav.interviews.desc': 'See your interview time, join the waiting room and see your score.',
  'nav.schedule': 'Interview schedule',
  'nav.schedule.desc':
    'Your sessions and times; enter the room: the chief runs the session, draws questions and publishes scores, proctors keep the waiting room, supervisors watch unseen.',
  'nav.scoring': 'Scoring',
  'nav.scoring.desc': 'Score candidates on each rubric dimension.',
  'nav.conflicts': 'Conflicts of interest',
  'nav.conflicts.desc':
    'Declare a conflict with a candidate of your session (same institution, relative, …); you then do not score them.',
  'nav.recordings': 'Recordings',
  'nav.recordings.desc': 'Review the full audio and video recording of each session.',
  'nav.audit': 'Audit log',
  'nav.audit.desc': 'Search the audit trail of draws, marks and publications.',
  'nav.questionBank': 'Question bank',
  'nav.questionBank.desc': 'Manage question sets and scoring guidance, sealed until drawn.',
  'nav.questionDraw': 'Question draw',
  'nav.questionDraw.desc':
    "The supervisor enters a value, the chief draws the session's set and shows the questions one by one with a shared timer.",
  'nav.campaigns': 'Campaigns',
  'nav.campaigns.desc': 'Define campaigns, categories, eligibility rules and positions.',
  'nav.review': 'Application review',
  'nav.review.desc': 'Review applications and eligibility documents.',
  'nav.sessions': 'Session scheduling',
  'nav.sessions.desc': 'Plan interview sessions, examiner panels and candidate lists.',
  'nav.results': 'Results',
  'nav.results.desc': 'Aggregate scores, rank candidates and prepare the hiring list.',
  'nav.myPosition': 'My position',
  'nav.myPosition.desc': 'Once hired, rank positions and see your matched position.',
  'nav.matching': 'Position matching',
  'nav.matching.desc': 'Match hires to positions by major and preference.',
  'nav.adminUsers': 'User management',
  'nav.adminUsers.desc': 'Manage accounts and role assignments.',
  'nav.notifications': 'Notifications',
  'nav.notifications.desc': 'Interview invitations, schedule changes and other messages.',
};

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

const dictionaries: Record<Locale, Dictionary> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'yunzhao.locale';

function isLocale(value: unknown): value is Locale {
  return LOCALES.some((locale) => locale === value);
}

function readStoredLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

let currentLocale: Locale = readStoredLocale();
const listeners = new Set<() => void>();

function applyToDocument(locale: Locale): void {
  document.documentElement.lang = locale;
}
applyToDocument(currentLocale);

export function getLocale(): Locale {
  return currentLocale;
}

export function setLocale(locale: Locale): void {
  if (locale === currentLocale) return;
  currentLocale = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage may be unavailable (private mode); the choice then lasts for this page only.
  }
  applyToDocument(locale);
  listeners.forEach((listener) => listener());
}

export type TranslateParams = Record<string, string | number>;

/** Fills `{name}` placeholders; one without a value stays as it is. */
export function fillTemplate(template: string, params?: TranslateParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

export function translate(
  key: MessageKey,
  params?: TranslateParams,
  locale: Locale = currentLocale,
): string {
  return fillTemplate(dictionaries[locale][key], params);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** React binding: re-renders when the locale changes. */
export function useI18n() {
  const locale = useSyncExternalStore(subscribe, getLocale);
  const t = useCallback(
    (key: MessageKey, params?: TranslateParams) => translate(key, params, locale),
    [locale],
  );
  return { locale, t, setLocale };
}

/**
 * A feature's own dictionaries (zh-CN and en): `t(key, params)` in the current locale.
 * `t` changes only with the locale (the dictionaries themselves are module constants).
 */
export function useFeatureText<K extends string>(dictionaries: Record<Locale, Record<K, string>>) {
  const { locale } = useI18n();
  const dictionary = dictionaries[locale];
  const t = useCallback(
    (key: K, params?: TranslateParams) => fillTemplate(dictionary[key], params),
    [dictionary],
  );
  return { locale, t };
}
