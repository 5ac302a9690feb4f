/**
 * Every error the platform reports to a user has a stable code from this list
 * and a message in each supported locale. The `satisfies` check makes a new
 * code without its messages a compile error.
 */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  BadRequest = 'BAD_REQUEST',
  MalformedJson = 'MALFORMED_JSON',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  Unauthenticated = 'UNAUTHENTICATED',
  InvalidCredentials = 'AUTH_INVALID_CREDENTIALS',
  InvalidRefreshToken = 'AUTH_INVALID_REFRESH_TOKEN',
  TooManyAttempts = 'AUTH_TOO_MANY_ATTEMPTS',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  UsernameTaken = 'USERNAME_TAKEN',
  UserLastAdmin = 'USER_LAST_ADMIN',
  UserSelfDisable = 'USER_SELF_DISABLE',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  Internal = 'INTERNAL_ERROR',
  // interview sessions (scheduling, room access)
  SessionTimeInvalid = 'SESSION_TIME_INVALID',
  SessionPanelSize = 'SESSION_PANEL_SIZE',
  SessionParticipantRole = 'SESSION_PARTICIPANT_ROLE',
  SessionParticipantRepeated = 'SESSION_PARTICIPANT_REPEATED',
  SessionApplicationNotApproved = 'SESSION_APPLICATION_NOT_APPROVED',
  SessionCandidateAlreadyScheduled = 'SESSION_CANDIDATE_ALREADY_SCHEDULED',
  SessionOrderAlreadyDrawn = 'SESSION_ORDER_ALREADY_DRAWN',
  SessionNoCandidates = 'SESSION_NO_CANDIDATES',
  SessionNotParticipant = 'SESSION_NOT_PARTICIPANT',
  SessionOutsideJoinWindow = 'SESSION_OUTSIDE_JOIN_WINDOW',
  SessionRecusalInvalid = 'SESSION_RECUSAL_INVALID',
  PanelPoolNotExaminer = 'PANEL_POOL_NOT_EXAMINER',
  PanelCannotBeFilled = 'PANEL_CANNOT_BE_FILLED',
  PanelAlreadyDrawn = 'PANEL_ALREADY_DRAWN',
  PanelSessionOtherCampaign = 'PANEL_SESSION_OTHER_CAMPAIGN',
  JoinCodeUsed = 'JOIN_CODE_USED',
  JoinCodeExpired = 'JOIN_CODE_EXPIRED',
  // registration, campaigns and review (issue 3)
  AccountExists = 'ACCOUNT_EXISTS',
  IdNumberTaken = 'ID_NUMBER_TAKEN',
  ProfileIncomplete = 'PROFILE_INCOMPLETE',
  CampaignNotOpen = 'CAMPAIGN_NOT_OPEN',
  OutsideRegistrationWindow = 'OUTSIDE_REGISTRATION_WINDOW',
  ApplicationExists = 'APPLICATION_EXISTS',
  ApplicationNotWithdrawable = 'APPLICATION_NOT_WITHDRAWABLE',
  ApplicationAlreadyDecided = 'APPLICATION_ALREADY_DECIDED',
  FileRequired = 'FILE_REQUIRED',
  FileTypeNotAllowed = 'FILE_TYPE_NOT_ALLOWED',
  InUse = 'IN_USE',
  // question bank and the per-session question draw (issue 6)
  QuestionBankSealed = 'QUESTION_BANK_SEALED',
  QuestionBankNotSealed = 'QUESTION_BANK_NOT_SEALED',
  QuestionBankEmpty = 'QUESTION_BANK_EMPTY',
  QuestionBankUnreadable = 'QUESTION_BANK_UNREADABLE',
  QuestionImportInvalid = 'QUESTION_IMPORT_INVALID',
  QuestionImportFileType = 'QUESTION_IMPORT_FILE_TYPE',
  QuestionSetInUse = 'QUESTION_SET_IN_USE',
  QuestionSetsExhausted = 'QUESTION_SETS_EXHAUSTED',
  QuestionDrawDone = 'QUESTION_DRAW_DONE',
  QuestionDrawNotDone = 'QUESTION_DRAW_NOT_DONE',
  QuestionDrawNeedsSupervisorValue = 'QUESTION_DRAW_NEEDS_SUPERVISOR_VALUE',
  QuestionDrawSupervisorValueSet = 'QUESTION_DRAW_SUPERVISOR_VALUE_SET',
  QuestionsAllRevealed = 'QUESTIONS_ALL_REVEALED',
  // live scoring (issue 7)
  ScoringRubricMissing = 'SCORING_RUBRIC_MISSING',
  ScoringRubricInvalid = 'SCORING_RUBRIC_INVALID',
  ScoringRubricInUse = 'SCORING_RUBRIC_IN_USE',
  ScoringMarksInvalid = 'SCORING_MARKS_INVALID',
  ScoringNotOnPanel = 'SCORING_NOT_ON_PANEL',
  ScoringRecused = 'SCORING_RECUSED',
  ScoringCandidateNotInSession = 'SCORING_CANDIDATE_NOT_IN_SESSION',
  ScoringSheetSubmitted = 'SCORING_SHEET_SUBMITTED',
  ScoringMarksSealed = 'SCORING_MARKS_SEALED',
  ScoringPanelIncomplete = 'SCORING_PANEL_INCOMPLETE',
  ScoringAlreadyPublished = 'SCORING_ALREADY_PUBLISHED',
  ScoringNotPublished = 'SCORING_NOT_PUBLISHED',
  ScoringAlreadyConfirmed = 'SCORING_ALREADY_CONFIRMED',
  ScoringCorrectionDecided = 'SCORING_CORRECTION_DECIDED',
  // matching hires to positions (issue 8)
  MatchingUnknownDiscipline = 'MATCHING_UNKNOWN_DISCIPLINE',
  MatchingNotApproved = 'MATCHING_NOT_APPROVED',
  MatchingRankUnknown = 'MATCHING_RANK_UNKNOWN',
  MatchingOutsideWindow = 'MATCHING_OUTSIDE_WINDOW',
  MatchingWindowNotSet = 'MATCHING_WINDOW_NOT_SET',
  MatchingTooManyPreferences = 'MATCHING_TOO_MANY_PREFERENCES',
  MatchingPositionNotOpen = 'MATCHING_POSITION_NOT_OPEN',
  MatchingHireWithdrawn = 'MATCHING_HIRE_WITHDRAWN',
  MatchingNoHires = 'MATCHING_NO_HIRES',
  MatchingRunNotDraft = 'MATCHING_RUN_NOT_DRAFT',
  MatchingOverrideInvalid = 'MATCHING_OVERRIDE_INVALID',
  MatchingNotPublished = 'MATCHING_NOT_PUBLISHED',
  MatchingNothingToBackfill = 'MATCHING_NOTHING_TO_BACKFILL',
}

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

export const ERROR_MESSAGES = {
  [ErrorCode.ValidationFailed]: {
    'zh-CN': '请求内容有误，请检查标出的字段',
    en: 'The request is invalid; check the fields listed',
  },
  [ErrorCode.BadRequest]: { 'zh-CN': '请求无效', en: 'Bad request' },
  [ErrorCode.MalformedJson]: {
    'zh-CN': '请求体不是有效的 JSON',
    en: 'The request body is not valid JSON',
  },
  [ErrorCode.PayloadTooLarge]: { 'zh-CN': '请求体过大', en: 'The request body is too large' },
  [ErrorCode.Unauthenticated]: { 'zh-CN': '请先登录', en: 'Please sign in first' },
  [ErrorCode.InvalidCredentials]: { 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
  [ErrorCode.InvalidRefreshToken]: {
    'zh-CN': '登录已过期，请重新登录',
    en: 'Your session has expired; please sign in again',
  },
  [ErrorCode.TooManyAttempts]: {
    'zh-CN': '尝试次数过多，请稍后再试',
    en: 'Too many attempts; please try again later',
  },
  [ErrorCode.Forbidden]: { 'zh-CN': '您无权执行此操作', en: 'You are not allowed to do this' },
  [ErrorCode.NotFound]: {
    'zh-CN': '请求的资源不存在',
    en: 'The requested resource does not exist',
  },
  [ErrorCode.Conflict]: { 'zh-CN': '与现有数据冲突', en: 'This conflicts with existing data' },
  [ErrorCode.UsernameTaken]: { 'zh-CN': '该用户名已被注册', en: 'This username is already taken' },
  [ErrorCode.UserLastAdmin]: {
    'zh-CN':
      '这是最后一个启用的系统管理员账号，不能停用或取消其管理员角色；请先为另一个账号授予管理员角色',
    en: 'This is the last enabled administrator account: it cannot be disabled or lose the admin role; give another account the admin role first',
  },
  [ErrorCode.UserSelfDisable]: {
    'zh-CN': '不能停用自己正在使用的账号，请由另一位系统管理员操作',
    en: 'You cannot disable the account you are signed in with; ask another administrator',
  },
  [ErrorCode.ServiceUnavailable]: {
    'zh-CN': '服务暂时不可用，请稍后重试',
    en: 'The service is temporarily unavailable; please retry shortly',
  },
  [ErrorCode.Internal]: {
    'zh-CN': '服务器内部错误，请联系管理员并提供错误编号',
    en: 'Internal server error; contact an administrator with the error id',
  },
  [ErrorCode.SessionTimeInvalid]: {
    'zh-CN': '场次结束时间必须晚于开始时间',
    en: 'The session must end after it starts',
  },
  [ErrorCode.SessionPanelSize]: {
    'zh-CN': '考官小组（含主考官）人数须为 3 至 15 之间的奇数，请调整考官人数',
    en: 'The panel (chief examiner included) must have an odd number of members between 3 and 15',
  },
  [ErrorCode.SessionParticipantRole]: {
    'zh-CN': '所选人员不具备该场次职责所需的角色',
    en: 'A selected person does not hold the role this assignment needs',
  },
  [ErrorCode.SessionParticipantRepeated]: {
    'zh-CN': '同一人员在一个场次中只能担任一项职责',
    en: 'A person can hold only one assignment in a session',
  },
  [ErrorCode.SessionApplicationNotApproved]: {
    'zh-CN': '只能安排本次招聘中已审核通过的报名',
    en: 'Only approved applications of this campaign can be scheduled',
  },
  [ErrorCode.SessionCandidateAlreadyScheduled]: {
    'zh-CN': '该考生已安排在本次招聘的其他场次',
    en: 'This candidate is already scheduled in another session of this campaign',
  },
  [ErrorCode.SessionOrderAlreadyDrawn]: {
    'zh-CN': '面试顺序已抽签确定，不能再抽签或调整考生名单',
    en: 'The interview order has been drawn; it cannot be drawn again nor the candidates changed',
  },
  [ErrorCode.SessionNoCandidates]: {
    'zh-CN': '场次尚未安排考生，无法抽签',
    en: 'The session has no candidates to draw an order for',
  },
  [ErrorCode.SessionNotParticipant]: {
    'zh-CN': '您不是该场次的参加人员，不能进入',
    en: 'You are not a participant of this session',
  },
  [ErrorCode.SessionOutsideJoinWindow]: {
    'zh-CN': '当前不在该场次的入场时间内',
    en: 'The session cannot be joined at this time',
  },
  [ErrorCode.PanelPoolNotExaminer]: {
    'zh-CN': '考官库中有用户不具备考官或主考官角色',
    en: 'Some pool members do not hold the examiner or chief examiner role',
  },
  [ErrorCode.PanelCannotBeFilled]: {
    'zh-CN': '回避后可用考官不足（招聘方考官至多一人），无法组成该人数的考官组',
    en: 'Not enough eligible examiners after recusals (at most one from the hiring side) to fill a panel of this size',
  },
  [ErrorCode.PanelAlreadyDrawn]: {
    'zh-CN': '该考官组已抽取，不能再次抽取',
    en: 'This panel has already been drawn; it cannot be drawn again',
  },
  [ErrorCode.PanelSessionOtherCampaign]: {
    'zh-CN': '所选面试场次不属于该招聘活动',
    en: 'The session does not belong to this campaign',
  },
  [ErrorCode.SessionRecusalInvalid]: {
    'zh-CN': '回避申报须针对本场次的考官与本场次的考生',
    en: 'A conflict declaration must name an examiner and a candidate of this session',
  },
  [ErrorCode.JoinCodeUsed]: {
    'zh-CN': '该链接已使用过，请在主设备上重新生成',
    en: 'This link has already been used; generate a new one on the main device',
  },
  [ErrorCode.JoinCodeExpired]: {
    'zh-CN': '该链接已过期，请在主设备上重新生成',
    en: 'This link has expired; generate a new one on the main device',
  },
  [ErrorCode.AccountExists]: {
    'zh-CN': '该手机号或邮箱已注册，请直接登录',
    en: 'This phone number or email is already registered; please sign in',
  },
  [ErrorCode.IdNumberTaken]: {
    'zh-CN': '该身份证号码已被其他账号使用',
    en: 'This ID number is already used by another account',
  },
  [ErrorCode.ProfileIncomplete]: {
    'zh-CN': '请先完善个人信息（姓名、身份证号码）并至少填写一条学历信息',
    en: 'Complete your profile (name, ID number) and add at least one education record first',
  },
  [ErrorCode.CampaignNotOpen]: {
    'zh-CN': '该招聘活动当前未开放报名',
    en: 'This campaign is not open for applications',
  },
  [ErrorCode.OutsideRegistrationWindow]: {
    'zh-CN': '不在报名时间内。报名时间为 {opensAt} 至 {closesAt}（北京时间）',
    en: 'Outside the registration window, which runs from {opensAt} to {closesAt} (Beijing time)',
  },
  [ErrorCode.ApplicationExists]: {
    'zh-CN': '您已报名本次招聘活动，每人限报一个岗位',
    en: 'You have already applied in this campaign; one application per person',
  },
  [ErrorCode.ApplicationNotWithdrawable]: {
    'zh-CN': '报名已审核或已撤回，无法撤回',
    en: 'This application has been reviewed or withdrawn and cannot be withdrawn',
  },
  [ErrorCode.ApplicationAlreadyDecided]: {
    'zh-CN': '该报名已审核或已被考生撤回',
    en: 'This application has already been decided or was withdrawn',
  },
  [ErrorCode.FileRequired]: { 'zh-CN': '请选择要上传的文件', en: 'Choose a file to upload' },
  [ErrorCode.FileTypeNotAllowed]: {
    'zh-CN': '文件类型不允许：仅支持 PDF、JPEG、PNG（按文件内容识别，改扩展名无效）',
    en: 'File type not allowed: only PDF, JPEG and PNG (checked by content, not by name)',
  },
  [ErrorCode.InUse]: {
    'zh-CN': '该数据已被引用，无法删除',
    en: 'This item is in use and cannot be deleted',
  },
  [ErrorCode.QuestionBankSealed]: {
    'zh-CN': '题库已封存，不能导入或修改；如确需修改，请先解封（解封将记入审计日志）',
    en: 'The question bank is sealed and cannot be changed; unseal it first (unsealing is audited)',
  },
  [ErrorCode.QuestionBankNotSealed]: {
    'zh-CN': '题库尚未封存，不能抽题',
    en: 'The question bank is not sealed yet; questions cannot be drawn',
  },
  [ErrorCode.QuestionBankEmpty]: {
    'zh-CN': '题库中没有题本，不能封存',
    en: 'The question bank holds no question sets and cannot be sealed',
  },
  [ErrorCode.QuestionBankUnreadable]: {
    'zh-CN': '题库内容无法解密，请检查题库密钥（QUESTION_BANK_KEY）配置',
    en: 'The question bank cannot be decrypted; check the QUESTION_BANK_KEY setting',
  },
  [ErrorCode.QuestionImportInvalid]: {
    'zh-CN': '题本文件内容有误，请按标出的位置修改后重新导入',
    en: 'The question file is invalid; fix the places listed and import it again',
  },
  [ErrorCode.QuestionImportFileType]: {
    'zh-CN': '题本文件类型不支持：仅支持 JSON 和 XLSX（按文件内容识别）',
    en: 'Unsupported question file: only JSON and XLSX (checked by content)',
  },
  [ErrorCode.QuestionSetInUse]: {
    'zh-CN': '该题本已被场次抽中使用，不能修改或删除',
    en: 'This question set has been drawn for a session and cannot be changed or deleted',
  },
  [ErrorCode.QuestionSetsExhausted]: {
    'zh-CN':
      '本招聘活动该学科类别的题本已全部用完（每场一套，不重复使用），请题库管理员补充题本后再抽题',
    en: 'No unused question set is left for this campaign and category (one set per session, never reused); the question admin must add sets before drawing',
  },
  [ErrorCode.QuestionDrawDone]: {
    'zh-CN': '本场次已抽题，不能重复抽取',
    en: 'The questions of this session have already been drawn',
  },
  [ErrorCode.QuestionDrawNotDone]: {
    'zh-CN': '本场次尚未抽题',
    en: 'The questions of this session have not been drawn yet',
  },
  [ErrorCode.QuestionDrawNeedsSupervisorValue]: {
    'zh-CN': '请先由监督员输入抽题随机值，再由主考官抽题',
    en: 'The supervisor must enter the draw value before the chief examiner draws',
  },
  [ErrorCode.QuestionDrawSupervisorValueSet]: {
    'zh-CN': '监督员已输入抽题随机值，不能更改',
    en: "The supervisor's draw value has already been entered and cannot be changed",
  },
  [ErrorCode.QuestionsAllRevealed]: {
    'zh-CN': '本题本的题目已全部出示',
    en: 'All questions of the set have been shown',
  },
  [ErrorCode.ScoringRubricMissing]: {
    'zh-CN': '本场次所属招聘活动和类别尚未设置评分表',
    en: "No rubric has been set for this session's campaign and category",
  },
  [ErrorCode.ScoringRubricInvalid]: {
    'zh-CN': '评分表无效，请检查评分要素',
    en: 'The rubric is invalid; check its dimensions',
  },
  [ErrorCode.ScoringRubricInUse]: {
    'zh-CN': '已有考官按此评分表评分，不能再修改',
    en: 'Examiners have already marked with this rubric; it can no longer change',
  },
  [ErrorCode.ScoringMarksInvalid]: {
    'zh-CN': '评分有误：每个评分要素都须评分，且不超出该要素的分值范围',
    en: 'Invalid marks: every dimension needs a mark within its range',
  },
  [ErrorCode.ScoringNotOnPanel]: {
    'zh-CN': '您不是本场次的考官，不能评分',
    en: 'You are not an examiner of this session',
  },
  [ErrorCode.ScoringRecused]: {
    'zh-CN': '您已申报回避该考生，不能为其评分',
    en: 'You are recused from this candidate and may not mark them',
  },
  [ErrorCode.ScoringCandidateNotInSession]: {
    'zh-CN': '该考生不在本场次',
    en: 'This candidate is not in this session',
  },
  [ErrorCode.ScoringSheetSubmitted]: {
    'zh-CN': '评分已提交，如需修改请主考官退回',
    en: 'These marks have been submitted; only the chief examiner can reopen them',
  },
  [ErrorCode.ScoringMarksSealed]: {
    'zh-CN': '成绩公布前不能查看其他考官的评分',
    en: "Other examiners' marks are sealed until the score is published",
  },
  [ErrorCode.ScoringPanelIncomplete]: {
    'zh-CN': '尚有考官未提交评分，不能公布成绩',
    en: 'Some examiners have not submitted their marks yet',
  },
  [ErrorCode.ScoringAlreadyPublished]: {
    'zh-CN': '该考生的成绩已公布；公布后的成绩只能通过更正流程修改',
    en: 'This score is already published; it can only change through a correction',
  },
  [ErrorCode.ScoringNotPublished]: {
    'zh-CN': '该考生的成绩尚未公布',
    en: 'This score has not been published yet',
  },
  [ErrorCode.ScoringAlreadyConfirmed]: {
    'zh-CN': '该成绩已由监督员确认',
    en: 'A supervisor has already confirmed this score',
  },
  [ErrorCode.ScoringCorrectionDecided]: {
    'zh-CN': '该更正已生效或已有同一身份的审批',
    en: 'This correction has already taken effect or has this approval already',
  },
  [ErrorCode.MatchingUnknownDiscipline]: {
    'zh-CN': '学科代码不在学科目录中：{codes}',
    en: 'Discipline codes not in the catalogue: {codes}',
  },
  [ErrorCode.MatchingNotApproved]: {
    'zh-CN': '只能将本次招聘中资格审核通过的考生确定为拟聘人员',
    en: 'Only candidates with an approved application in this campaign can be marked as hired',
  },
  [ErrorCode.MatchingRankUnknown]: {
    'zh-CN': '该考生在本次招聘中没有已公布成绩的名次，请填写名次',
    en: 'This candidate has no published score rank in this campaign; give the rank',
  },
  [ErrorCode.MatchingOutsideWindow]: {
    'zh-CN': '不在志愿填报时间内。填报时间为 {opensAt} 至 {closesAt}（北京时间）',
    en: 'Outside the preference window, which runs from {opensAt} to {closesAt} (Beijing time)',
  },
  [ErrorCode.MatchingWindowNotSet]: {
    'zh-CN': '志愿填报时间尚未公布',
    en: 'The preference window has not been announced yet',
  },
  [ErrorCode.MatchingTooManyPreferences]: {
    'zh-CN': '最多可填报 {max} 个志愿',
    en: 'At most {max} preferences may be listed',
  },
  [ErrorCode.MatchingPositionNotOpen]: {
    'zh-CN': '所选岗位不存在或不接收您的专业（{discipline}）',
    en: 'A chosen position does not exist or does not accept your discipline ({discipline})',
  },
  [ErrorCode.MatchingHireWithdrawn]: {
    'zh-CN': '该拟聘人员已放弃',
    en: 'This hire has withdrawn',
  },
  [ErrorCode.MatchingNoHires]: {
    'zh-CN': '本次招聘没有可参与岗位匹配的拟聘人员',
    en: 'This campaign has no hires to match',
  },
  [ErrorCode.MatchingRunNotDraft]: {
    'zh-CN': '该匹配结果已公布或已被取代，不能再修改或公布',
    en: 'This matching run has been published or superseded; it cannot be changed or published',
  },
  [ErrorCode.MatchingOverrideInvalid]: {
    'zh-CN': '只能调整到该人选填报过、接收其专业且尚有空额的岗位',
    en: 'An assignment can only be changed to a position the hire listed, that accepts their discipline and has a free place',
  },
  [ErrorCode.MatchingNotPublished]: {
    'zh-CN': '尚未公布岗位匹配结果',
    en: 'No matching result has been published yet',
  },
  [ErrorCode.MatchingNothingToBackfill]: {
    'zh-CN': '没有需要补录的空缺：已公布结果中没有放弃的人选',
    en: 'Nothing to backfill: no hire of the published result has withdrawn',
  },
} satisfies Record<ErrorCode, Record<Locale, string>>;

/** The body of every error response. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** Per-field validation problems, as sent in `details` of a VALIDATION_FAILED error. */
export interface FieldError {
  field: string;
  messages: string[];
}
