import { useCallback } from 'react';
import { beijingTime } from '../../beijing-time';
import { useFeatureText } from '../../i18n';

/** Words of the account administration page. zh-CN defines the keys; en must have the same. */
const zhCN = {
  'au.title': '用户管理',
  'au.lead':
    '为考官、主考官、监督员、候考室工作人员、计分员、题库管理员和人事专员开设账号，分配角色，停用或重设密码。所有操作均记入审计日志。',
  'au.loading': '正在加载…',

  'au.create.title': '新建账号',
  'au.create.username': '登录用户名',
  'au.create.usernameHint': '3–64 个字符：字母、数字及 _ . @ + -；登录时不区分大小写。',
  'au.create.displayName': '姓名',
  'au.create.password': '初始密码',
  'au.create.passwordHint': '至少 10 个字符。请通过安全渠道告知本人。',
  'au.create.roles': '角色',
  'au.create.submit': '创建账号',
  'au.create.done': '已创建账号 {username}。',

  'au.filter.title': '查找账号',
  'au.filter.q': '按用户名或姓名搜索',
  'au.filter.role': '角色',
  'au.filter.anyRole': '全部角色',
  'au.filter.submit': '搜索',

  'au.list.title': '账号列表',
  'au.col.username': '用户名',
  'au.col.displayName': '姓名',
  'au.col.roles': '角色',
  'au.col.status': '状态',
  'au.col.createdAt': '创建时间',
  'au.col.actions': '操作',
  'au.noRoles': '无角色',
  'au.status.enabled': '启用',
  'au.status.disabled': '已停用',
  'au.me': '（本人）',
  'au.new': '新建',
  'au.empty': '没有符合条件的账号。',
  'au.more': '加载更多',
  'au.shown': '已显示 {count} 个账号',

  'au.edit.open': '编辑',
  'au.edit.title': '编辑账号 {username}',
  'au.edit.save': '保存修改',
  'au.edit.saved': '账号 {username} 已保存。',
  'au.cancel': '取消',
  'au.disable': '停用',
  'au.enable': '启用',
  'au.disabled': '账号 {username} 已停用，无法再登录。',
  'au.enabled': '账号 {username} 已启用。',

  'au.password.open': '设置新密码',
  'au.password.title': '为 {username} 设置新密码',
  'au.password.new': '新密码',
  'au.password.confirm': '再次输入新密码',
  'au.password.mismatch': '两次输入的密码不一致',
  'au.password.hint':
    '至少 10 个字符。保存后，该账号已登录的会话立即结束，登录失败造成的锁定随之解除，之后需用新密码登录。',
  'au.password.save': '保存新密码',
  'au.password.saved': '已为 {username} 设置新密码，其原有登录会话已结束。',
};

export type AdminUsersTextKey = keyof typeof zhCN;

const en: Record<AdminUsersTextKey, string> = {
  'au.title': 'User management',
  'au.lead':
    'Open accounts for examiners, chief examiners, supervisors, proctors, score clerks, question administrators and HR officers; assign roles, disable accounts or set new passwords. Every change is written to the audit log.',
  'au.loading': 'Loading…',

  'au.create.title': 'New account',
  'au.create.username': 'Sign-in username',
  'au.create.usernameHint':
    '3–64 characters: letters, digits and _ . @ + -; sign-in ignores upper and lower case.',
  'au.create.displayName': 'Name',
  'au.create.password': 'Initial password',
  'au.create.passwordHint':
    'At least 10 characters. Pass it on to the person through a safe channel.',
  'au.create.roles': 'Roles',
  'au.create.submit': 'Create account',
  'au.create.done': 'Account {username} created.',

  'au.filter.title': 'Find accounts',
  'au.filter.q': 'Search by username or name',
  'au.filter.role': 'Role',
  'au.filter.anyRole': 'All roles',
  'au.filter.submit': 'Search',

  'au.list.title': 'Accounts',
  'au.col.username': 'Username',
  'au.col.displayName': 'Name',
  'au.col.roles': 'Roles',
  'au.col.status': 'Status',
  'au.col.createdAt': 'Created',
  'au.col.actions': 'Actions',
  'au.noRoles': 'No roles',
  'au.status.enabled': 'Enabled',
  'au.status.disabled': 'Disabled',
  'au.me': ' (you)',
  'au.new': 'New',
  'au.empty': 'No accounts match.',
  'au.more': 'Load more',
  'au.shown': '{count} accounts shown',

  'au.edit.open': 'Edit',
  'au.edit.title': 'Edit account {username}',
  'au.edit.save': 'Save changes',
  'au.edit.saved': 'Account {username} saved.',
  'au.cancel': 'Cancel',
  'au.disable': 'Disable',
  'au.enable': 'Enable',
  'au.disabled': 'Account {username} is disabled and can no longer sign in.',
  'au.enabled': 'Account {username} is enabled.',

  'au.password.open': 'Set new password',
  'au.password.title': 'Set a new password for {username}',
  'au.password.new': 'New password',
  'au.password.confirm': 'New password again',
  'au.password.mismatch': 'The two passwords differ',
  'au.password.hint':
    'At least 10 characters. Once saved, the sessions this account has open end at once and a lock-out from failed sign-ins is lifted; then it signs in with the new password.',
  'au.password.save': 'Save new password',
  'au.password.saved': 'New password set for {username}; the sessions it had open have ended.',
};

const dictionaries = { 'zh-CN': zhCN, en } as const;

export function useAdminUsersText() {
  const { locale, t } = useFeatureText<AdminUsersTextKey>(dictionaries);
  const formatTime = useCallback((iso: string) => beijingTime(iso, locale), [locale]);
  return { t, formatTime };
}
