import { Locale } from '@yunzhao/contracts';

type Template = (field: string, args: unknown[]) => string;

const list = (args: unknown[]) =>
  Array.isArray(args[0]) ? (args[0] as unknown[]).join(', ') : String(args[0] ?? '');

/** Messages for class-validator constraint names, per locale. */
const TEMPLATES: Record<Locale, Record<string, Template>> = {
  'zh-CN': {
    whitelistValidation: (f) => `不允许提交字段 ${f}`,
    isDefined: (f) => `${f} 为必填项`,
    isNotEmpty: (f) => `${f} 不能为空`,
    isString: (f) => `${f} 必须是字符串`,
    isInt: (f) => `${f} 必须是整数`,
    isNumber: (f) => `${f} 必须是数字`,
    isBoolean: (f) => `${f} 必须是布尔值`,
    isArray: (f) => `${f} 必须是数组`,
    isObject: (f) => `${f} 必须是对象`,
    isEmail: (f) => `${f} 必须是有效的电子邮箱地址`,
    isUUID: (f) => `${f} 必须是有效的 UUID`,
    isDateString: (f) => `${f} 必须是 ISO 8601 日期`,
    isISO8601: (f) => `${f} 必须是 ISO 8601 日期`,
    isIn: (f, a) => `${f} 必须是以下值之一：${list(a)}`,
    isEnum: (f, a) => `${f} 必须是以下值之一：${Object.values((a[0] as object) ?? {}).join(', ')}`,
    minLength: (f, a) => `${f} 长度不能少于 ${String(a[0])} 个字符`,
    maxLength: (f, a) => `${f} 长度不能超过 ${String(a[0])} 个字符`,
    min: (f, a) => `${f} 不能小于 ${String(a[0])}`,
    max: (f, a) => `${f} 不能大于 ${String(a[0])}`,
    arrayMinSize: (f, a) => `${f} 至少需要 ${String(a[0])} 项`,
    arrayMaxSize: (f, a) => `${f} 最多 ${String(a[0])} 项`,
    arrayUnique: (f) => `${f} 中的值不能重复`,
    matches: (f) => `${f} 格式不正确`,
    nestedValidation: (f) => `${f} 的内容不正确`,
    isIdNumber: (f, a) => `${f}：${String(a[0] ?? '身份证号码无效')}`,
    isEligibilityRule: (f, a) => `${f} 不是有效的资格条件：${list(a)}`,
    isDisciplineCode: (f) => `${f} 必须是学科目录中的 2 位门类代码或 4 位学科代码`,
    isPhoneNumber: (f) => `${f} 必须是 11 位中国大陆手机号码`,
    isAccount: (f) => `${f} 必须是 11 位手机号码或有效的电子邮箱地址`,
    isDateRange: (f) => `${f} 的结束时间必须晚于开始时间`,
    isCampaignCategory: (f, a) => `${f} 不是本招聘活动已有的学科类别代码：${list(a)}`,
    isAuditActor: (f) => `${f} 必须是 user:<用户 ID>、system 或 anonymous`,
    noNul: (f) => `${f} 不能包含空字符（U+0000）`,
  },
  en: {
    whitelistValidation: (f) => `field ${f} is not allowed`,
    isDefined: (f) => `${f} is required`,
    isNotEmpty: (f) => `${f} must not be empty`,
    isString: (f) => `${f} must be a string`,
    isInt: (f) => `${f} must be an integer`,
    isNumber: (f) => `${f} must be a number`,
    isBoolean: (f) => `${f} must be a boolean`,
    isArray: (f) => `${f} must be an array`,
    isObject: (f) => `${f} must be an object`,
    isEmail: (f) => `${f} must be a valid email address`,
    isUUID: (f) => `${f} must be a valid UUID`,
    isDateString: (f) => `${f} must be an ISO 8601 date`,
    isISO8601: (f) => `${f} must be an ISO 8601 date`,
    isIn: (f, a) => `${f} must be one of: ${list(a)}`,
    isEnum: (f, a) => `${f} must be one of: ${Object.values((a[0] as object) ?? {}).join(', ')}`,
    minLength: (f, a) => `${f} must be at least ${String(a[0])} characters`,
    maxLength: (f, a) => `${f} must be at most ${String(a[0])} characters`,
    min: (f, a) => `${f} must not be less than ${String(a[0])}`,
    max: (f, a) => `${f} must not be greater than ${String(a[0])}`,
    arrayMinSize: (f, a) => `${f} must contain at least ${String(a[0])} items`,
    arrayMaxSize: (f, a) => `${f} must contain at most ${String(a[0])} items`,
    arrayUnique: (f) => `${f} must not contain duplicates`,
    matches: (f) => `${f} has the wrong format`,
    nestedValidation: (f) => `${f} has invalid content`,
    isIdNumber: (f, a) => `${f}: ${String(a[1] ?? 'invalid ID number')}`,
    isEligibilityRule: (f, a) => `${f} is not a valid eligibility rule: ${list(a)}`,
    isDisciplineCode: (f) =>
      `${f} must be a 2-digit category or 4-digit discipline code of the catalogue`,
    isPhoneNumber: (f) => `${f} must be an 11-digit mainland mobile number`,
    isAccount: (f) => `${f} must be an 11-digit mobile number or a valid email address`,
    isDateRange: (f) => `${f} must end after it starts`,
    isCampaignCategory: (f, a) => `${f} names no category of this campaign: ${list(a)}`,
    isAuditActor: (f) => `${f} must be user:<user id>, system or anonymous`,
    noNul: (f) => `${f} must not contain a NUL character (U+0000)`,
  },
};

const FALLBACK: Record<Locale, Template> = {
  'zh-CN': (f) => `${f} 的值不正确`,
  en: (f) => `${f} is invalid`,
};

export function validationMessage(
  locale: Locale,
  constraint: string,
  field: string,
  args: unknown[],
): string {
  return (TEMPLATES[locale][constraint] ?? FALLBACK[locale])(field, args);
}
