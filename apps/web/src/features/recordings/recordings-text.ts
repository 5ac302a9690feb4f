import { useCallback } from 'react';
import { useFeatureText } from '../../i18n';
import { BEIJING_TIME_ZONE } from '../../beijing-time';

/** Words of the recordings page. zh-CN defines the keys; en must have exactly the same. */
const zhCN = {
  'rec.title': '面试录像',
  'rec.lead': '按场次回看完整音视频录像；每次打开播放都会记入审计日志。',
  'rec.sessions': '我可查看的场次',
  'rec.noSessions': '暂无可查看录像的场次。',
  'rec.open': '查看录像',
  'rec.back': '返回场次列表',
  'rec.loading': '正在加载…',
  'rec.forbidden': '您无权查看该场次的录像。',
  'rec.empty': '该场次暂无录像。',
  'rec.participants': '参与人员',
  'rec.segment': '第 {seq} 段',
  'rec.play': '播放',
  'rec.playing': '正在播放',
  'rec.duration': '时长 {seconds} 秒',
  'rec.notReady': '尚未完成归档（{status}）',
  'rec.problem': '问题：{problem}',
  'rec.markers': '时间线（点击跳转）',
  'rec.noMarkers': '本段内无时间线事件。',
  'rec.parts': '考生作答时段',
  'rec.verify': '校验完整性',
  'rec.verified': '校验通过（SHA-256 一致）',
  'rec.verifyFailed': '校验失败：{problem}',
  'rec.sha256': 'SHA-256',
  'rec.kind.video': '视频',
  'rec.kind.audio': '音频',
  'rec.source.camera': '主摄像头',
  'rec.source.mic': '麦克风',
  'rec.source.side': '侧方机位',
  'rec.event.peer.joined': '进入房间',
  'rec.event.peer.left': '离开房间',
  'rec.event.candidate.calledIn': '考生入场',
  'rec.event.candidate.sentBack': '考生退回候考室',
  'rec.event.turn.ended': '考生作答结束',
  'rec.event.other': '{type}',
  'rec.role.candidate': '考生',
  'rec.role.chief': '主考官',
  'rec.role.examiner': '考官',
  'rec.role.clerk': '计分员',
  'rec.role.proctor': '候考室工作人员',
  'rec.role.supervisor': '监督员',
};

export type RecordingsTextKey = keyof typeof zhCN;

const en: Record<RecordingsTextKey, string> = {
  'rec.title': 'Interview recordings',
  'rec.lead':
    'Review the full audio and video of each session; every playback is written to the audit log.',
  'rec.sessions': 'Sessions I may review',
  'rec.noSessions': 'No sessions with recordings you may review.',
  'rec.open': 'Recordings',
  'rec.back': 'Back to the sessions',
  'rec.loading': 'Loading…',
  'rec.forbidden': 'You may not view the recordings of this session.',
  'rec.empty': 'This session has no recordings.',
  'rec.participants': 'Participants',
  'rec.segment': 'Segment {seq}',
  'rec.play': 'Play',
  'rec.playing': 'Playing',
  'rec.duration': '{seconds} s',
  'rec.notReady': 'Not archived yet ({status})',
  'rec.problem': 'Problem: {problem}',
  'rec.markers': 'Timeline (click to jump)',
  'rec.noMarkers': 'No timeline events in this segment.',
  'rec.parts': "Candidates' parts",
  'rec.verify': 'Verify integrity',
  'rec.verified': 'Verified (SHA-256 matches)',
  'rec.verifyFailed': 'Verification failed: {problem}',
  'rec.sha256': 'SHA-256',
  'rec.kind.video': 'Video',
  'rec.kind.audio': 'Audio',
  'rec.source.camera': 'Main camera',
  'rec.source.mic': 'Microphone',
  'rec.source.side': 'Side camera',
  'rec.event.peer.joined': 'Joined the room',
  'rec.event.peer.left': 'Left the room',
  'rec.event.candidate.calledIn': 'Candidate called in',
  'rec.event.candidate.sentBack': 'Candidate sent back',
  'rec.event.turn.ended': "Candidate's turn ended",
  'rec.event.other': '{type}',
  'rec.role.candidate': 'Candidate',
  'rec.role.chief': 'Chief examiner',
  'rec.role.examiner': 'Examiner',
  'rec.role.clerk': 'Score clerk',
  'rec.role.proctor': 'Waiting-room staff',
  'rec.role.supervisor': 'Supervisor',
};

const dictionaries = { 'zh-CN': zhCN, en } as const;

export function useRecordingsText() {
  const { locale, t } = useFeatureText<RecordingsTextKey>(dictionaries);
  const formatTime = useCallback(
    (iso: string) =>
      new Date(iso).toLocaleString(locale, {
        timeZone: BEIJING_TIME_ZONE,
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }),
    [locale],
  );
  return { t, formatTime };
}

export function textKeyOf(
  prefix: 'rec.event' | 'rec.role' | 'rec.source' | 'rec.kind',
  value: string,
) {
  const key = `${prefix}.${value}`;
  return key in zhCN ? (key as RecordingsTextKey) : null;
}
