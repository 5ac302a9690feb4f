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
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  Internal = 'INTERNAL_ERROR',
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
  [ErrorCode.ServiceUnavailable]: {
    'zh-CN': '服务暂时不可用，请稍后重试',
    en: 'The service is temporarily unavailable; please retry shortly',
  },
  [ErrorCode.Internal]: {
    'zh-CN': '服务器内部错误，请联系管理员并提供错误编号',
    en: 'Internal server error; contact an administrator with the error id',
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
