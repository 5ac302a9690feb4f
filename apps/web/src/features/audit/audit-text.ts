import { useCallback } from 'react';
import { beijingTime } from '../../beijing-time';
import { useFeatureText } from '../../i18n';

/** Words of the audit page. zh-CN defines the keys; en must have exactly the same. */
const zhCN = {
  'audit.title': '审计日志',
  'audit.lead':
    '登录、评分、抽题、查看录像等关键操作逐条记入只可追加的哈希链。可按操作、对象和操作人筛选，并随时校验记录是否完整、未被篡改。',
  'audit.verify.title': '完整性校验',
  'audit.verify.lead': '重新计算整条哈希链，确认每条记录都未被改动、删除或插入。',
  'audit.verify.run': '校验审计链',
  'audit.verify.running': '正在校验…',
  'audit.verify.intact': '审计链完整：已校验 {entries} 条记录，未发现篡改。',
  'audit.verify.broken': '审计链在第 #{seq} 条记录（{action}）处断开。',
  'audit.verify.before': '此前的 {entries} 条记录校验通过。',
  'audit.verify.reason.prev-hash-mismatch':
    '该记录与前一条记录的链接不符：其前面有记录被删除、插入或重新计算过哈希。',
  'audit.verify.reason.content-hash-mismatch': '该记录的内容与其哈希不符：记录在写入后被改动过。',
  'audit.verify.reason.unchained':
    '该记录写入已超过 10 秒仍未入链：入链程序未在运行，或该记录是绕过平台写入的。',
  'audit.verify.unchained': '另有 {count} 条新记录尚未入链（通常在一秒内完成）。',
  'audit.verify.lastHash': '最后一条已校验记录的哈希：{hash}',
  'audit.verify.checkedAt': '校验时间：{time}',
  'audit.verify.failed': '校验未能完成：{message}',
  'audit.filter.title': '筛选记录',
  'audit.filter.action': '操作',
  'audit.filter.match': '操作匹配方式',
  'audit.filter.exact': '完全一致',
  'audit.filter.prefix': '前缀匹配',
  'audit.filter.actionHint': '如 score.publish；选择“前缀匹配”并填写 score. 可查看全部评分操作。',
  'audit.filter.subject': '对象',
  'audit.filter.subjectHint': '如 session:<场次 ID> 或 user:<用户 ID>，须完全一致。',
  'audit.filter.actor': '操作人',
  'audit.filter.actorHint': 'user:<用户 ID>、system 或 anonymous；也可点击列表中的操作人。',
  'audit.filter.apply': '筛选',
  'audit.filter.clear': '清除筛选',
  'audit.filter.active': '当前按条件筛选。',
  'audit.col.seq': '序号',
  'audit.col.time': '时间（北京时间）',
  'audit.col.actor': '操作人',
  'audit.col.action': '操作',
  'audit.col.subject': '对象',
  'audit.col.chainPos': '链位置',
  'audit.col.hash': '哈希',
  'audit.col.details': '详情',
  'audit.actor.system': '系统',
  'audit.actor.anonymous': '匿名（未登录）',
  'audit.actor.filterBy': '只看{name}的操作',
  'audit.unchained': '尚未入链',
  'audit.details.show': '展开',
  'audit.details.hide': '收起',
  'audit.details.label': '第 #{seq} 条记录的详情',
  'audit.details.hash': '本条哈希',
  'audit.details.prevHash': '前一条哈希',
  'audit.details.content': '详情（JSON）',
  'audit.brokenHere': '校验在此处断开',
  'audit.recordings': '查看该场次录像',
  'audit.loading': '正在加载…',
  'audit.loadMore': '加载更多',
  'audit.loadingMore': '正在加载更多…',
  'audit.empty': '没有符合条件的记录。',
  'audit.shown': '已显示 {count} 条记录（按时间从新到旧）。',
  'audit.end': '没有更早的记录了。',
};

export type AuditTextKey = keyof typeof zhCN;

const en: Record<AuditTextKey, string> = {
  'audit.title': 'Audit log',
  'audit.lead':
    'Sign-ins, marks, question draws, recording views and other key actions are written one by one into an append-only hash chain. Filter by action, subject and actor, and verify at any time that nothing was changed.',
  'audit.verify.title': 'Integrity check',
  'audit.verify.lead':
    'Re-hashes the whole chain to confirm that no entry was changed, removed or inserted.',
  'audit.verify.run': 'Verify chain',
  'audit.verify.running': 'Verifying…',
  'audit.verify.intact':
    'The audit chain is intact: {entries} entries verified, nothing tampered with.',
  'audit.verify.broken': 'The audit chain breaks at entry #{seq} ({action}).',
  'audit.verify.before': 'The {entries} entries before it verified.',
  'audit.verify.reason.prev-hash-mismatch':
    'It does not link to the entry before it: an entry before it was removed, inserted or re-hashed.',
  'audit.verify.reason.content-hash-mismatch':
    'Its content does not match its hash: the entry was changed after it was written.',
  'audit.verify.reason.unchained':
    'It was written more than 10 s ago and is still not in the chain: the chainer is not running, or the entry was slipped in around the platform.',
  'audit.verify.unchained':
    '{count} new entries are not chained yet (this normally takes a second).',
  'audit.verify.lastHash': 'Hash of the last verified entry: {hash}',
  'audit.verify.checkedAt': 'Checked at {time}',
  'audit.verify.failed': 'The check could not finish: {message}',
  'audit.filter.title': 'Filter entries',
  'audit.filter.action': 'Action',
  'audit.filter.match': 'Action match',
  'audit.filter.exact': 'Exact',
  'audit.filter.prefix': 'Starts with',
  'audit.filter.actionHint':
    'E.g. score.publish; choose "Starts with" and enter score. for every scoring action.',
  'audit.filter.subject': 'Subject',
  'audit.filter.subjectHint': 'E.g. session:<session id> or user:<user id>, exactly.',
  'audit.filter.actor': 'Actor',
  'audit.filter.actorHint': 'user:<user id>, system or anonymous; or click an actor in the list.',
  'audit.filter.apply': 'Filter',
  'audit.filter.clear': 'Clear filters',
  'audit.filter.active': 'Filtered.',
  'audit.col.seq': 'No.',
  'audit.col.time': 'Time (Beijing)',
  'audit.col.actor': 'Actor',
  'audit.col.action': 'Action',
  'audit.col.subject': 'Subject',
  'audit.col.chainPos': 'Chain position',
  'audit.col.hash': 'Hash',
  'audit.col.details': 'Details',
  'audit.actor.system': 'System',
  'audit.actor.anonymous': 'Anonymous (not signed in)',
  'audit.actor.filterBy': 'Only actions by {name}',
  'audit.unchained': 'Not chained yet',
  'audit.details.show': 'Show',
  'audit.details.hide': 'Hide',
  'audit.details.label': 'Details of entry #{seq}',
  'audit.details.hash': 'Hash',
  'audit.details.prevHash': 'Previous hash',
  'audit.details.content': 'Details (JSON)',
  'audit.brokenHere': 'The check breaks here',
  'audit.recordings': "This session's recordings",
  'audit.loading': 'Loading…',
  'audit.loadMore': 'Load more',
  'audit.loadingMore': 'Loading more…',
  'audit.empty': 'No entries match.',
  'audit.shown': '{count} entries shown, newest first.',
  'audit.end': 'No older entries.',
};

const dictionaries = { 'zh-CN': zhCN, en } as const;

export function useAuditText() {
  const { locale, t } = useFeatureText<AuditTextKey>(dictionaries);
  /** To the second: audit times are evidence. */
  const formatTime = useCallback(
    (iso: string) => beijingTime(iso, locale, { seconds: true }),
    [locale],
  );
  return { t, locale, formatTime };
}

export const BREAK_REASONS = ['prev-hash-mismatch', 'content-hash-mismatch', 'unchained'] as const;
export type BreakReason = (typeof BREAK_REASONS)[number];

export function reasonKey(reason: string): AuditTextKey | null {
  return BREAK_REASONS.some((r) => r === reason)
    ? (`audit.verify.reason.${reason}` as AuditTextKey)
    : null;
}
