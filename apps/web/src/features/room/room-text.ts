import { useCallback } from 'react';
import { useI18n } from '../../i18n';

/**
 * The words of the live room, device check, mock interview and side camera.
 * zh-CN defines the keys; en must have exactly the same (checked by TypeScript).
 */
const zhCN = {
  'room.title': '面试室',
  'room.loading': '正在进入面试室…',
  'room.noSession': '请从“我的面试”或日程中进入具体场次的面试室。',
  'room.accessFailed': '无法获取入场凭证：{message}',
  'room.status.connecting': '正在连接…',
  'room.status.joined': '已连接',
  'room.status.reconnecting': '网络波动，正在重新连接…',
  'room.status.refused': '入场被拒绝',
  'room.status.replaced': '您已在另一个窗口或设备进入本场次，此窗口已断开。',
  'room.status.closed': '已离开面试室',
  'room.rebuilding': '媒体服务已自动恢复（第 {count} 次）',
  'room.mediaDenied': '无法使用摄像头或麦克风：{message}',
  'room.you': '我',
  'room.waiting.title': '您正在候考室等候',
  'room.waiting.body':
    '考官将按抽签顺序请您入场。候考期间您看不到、也听不到考官组。请保持摄像头与麦克风开启。',
  'room.waiting.checking': '候考室工作人员正在核验您的身份：请将身份证正面对准摄像头。',
  'room.done.title': '您的面试已结束',
  'room.done.body': '感谢参加。成绩将由主考官当场宣布或按通知公布，您可以关闭此页面。',
  'room.timer': '本轮用时',
  'room.panel': '考官组',
  'room.candidate': '考生',
  'room.sideCamera': '侧面机位',
  'room.noCandidate': '面试区暂无考生',
  'room.queue': '候考队列',
  'room.queueEmpty': '候考室暂无考生',
  'room.slot': '第 {slot} 号',
  'room.callNext': '请下一位考生入场',
  'room.callIn': '请其入场',
  'room.sendBack': '请考生回候考室',
  'room.endTurn': '结束本轮面试',
  'room.supervising': '监督模式：您对考生不可见、不可闻，不发送任何音视频。',
  'room.area.interview': '面试区',
  'room.area.waiting': '候考区',
  'room.checkIdentity': '核验身份',
  'room.endCheck': '结束核验',
  'room.proctorHint': '选择一位候考考生进行一对一身份核验（出示身份证、侧面机位检查环境）。',
  'room.addSideCamera': '添加手机侧面机位',
  'room.sideCameraHint': '用手机扫描二维码（仅可使用一次），手机将作为侧面机位加入。',
  'room.sideCameraFailed': '无法生成侧面机位链接：{message}',
  'room.stats': '{width}×{height} · {fps} 帧/秒',
  'room.leave': '离开',
  'side.title': '侧面机位',
  'side.redeeming': '正在验证链接…',
  'side.noCode': '链接无效：缺少一次性代码。请在电脑上的面试页面重新生成二维码。',
  'side.failed': '无法加入：{message}',
  'side.live': '侧面机位已接入，请将手机固定在侧后方，能拍到您的桌面与双手。',
  'device.title': '设备检测',
  'device.intro': '面试前请逐项检测摄像头、麦克风、扬声器与网络。',
  'device.camera': '摄像头',
  'device.cameraOk': '画面正常：{width}×{height}',
  'device.microphone': '麦克风',
  'device.micHint': '请说话，电平条应随声音跳动。',
  'device.speaker': '扬声器',
  'device.playTone': '播放测试音',
  'device.speakerHint': '应能听到 1 秒的提示音。',
  'device.network': '网络（经由面试媒体服务器）',
  'device.runNetwork': '开始网络检测',
  'device.networkRunning': '正在检测，约需 8 秒…',
  'device.rtt': '往返时延',
  'device.loss': '丢包率',
  'device.bitrate': '上行码率',
  'device.verdictGood': '网络良好，可以参加面试。',
  'device.verdictPoor': '网络较差，建议更换网络或靠近路由器。',
  'device.networkFailed': '网络检测失败：{message}',
  'mock.title': '模拟面试',
  'mock.intro':
    '完整体验一次在线面试流程：候考室 → 入场 → 答题 → 回看自己的录像。模拟面试不计入任何成绩。',
  'mock.start': '开始模拟面试',
  'mock.waiting': '您在候考室等候，稍后将被请入场（独自演练时几秒后自动入场）…',
  'mock.question': '第 {n} 题 / 共 {total} 题',
  'mock.remaining': '剩余 {seconds} 秒',
  'mock.next': '答完了，下一题',
  'mock.finished': '模拟面试结束。请回看录像，检查画面是否清晰、声音是否清楚。',
  'mock.again': '再来一次',
  'mock.q1': '请用两分钟做一个简短的自我介绍，重点谈谈您的专业背景。',
  'mock.q2': '您为什么选择来本市工作？您能为本市的重点产业做些什么？',
  'mock.q3': '如果工作中与同事在技术方案上意见不一致，您会怎么处理？',
  'mock.withTrainer': '培训老师正在主持本次模拟面试。',
  'mock.trainerWillAsk': '请稍候，培训老师将出示题目。',
  'train.title': '模拟面试陪练',
  'train.intro':
    '以考官身份进入一位考生的模拟面试室：请其入场、出示样题并计时、结束演练。模拟面试不计入任何场次记录。',
  'train.candidate': '考生用户名',
  'train.join': '进入模拟面试室',
  'train.for': '陪练考生：{name}',
  'train.questions': '样题',
  'train.show': '出示第 {n} 题',
  'train.waitCandidate': '考生尚未进入候考室：请其打开“模拟面试”并点击“开始模拟面试”。',
  'train.ended': '本次演练已结束，考生正在回看自己的录像。',
  'train.leave': '离开陪练',
} as const;

export type RoomTextKey = keyof typeof zhCN;

const en: Record<RoomTextKey, string> = {
  'room.title': 'Interview room',
  'room.loading': 'Entering the interview room…',
  'room.noSession': 'Open a specific session’s room from “My interviews” or your schedule.',
  'room.accessFailed': 'Could not get a room pass: {message}',
  'room.status.connecting': 'Connecting…',
  'room.status.joined': 'Connected',
  'room.status.reconnecting': 'Network hiccup; reconnecting…',
  'room.status.refused': 'Entry refused',
  'room.status.replaced':
    'You joined this session from another window or device; this one was disconnected.',
  'room.status.closed': 'You left the room',
  'room.rebuilding': 'The media service recovered automatically ({count})',
  'room.mediaDenied': 'Camera or microphone unavailable: {message}',
  'room.you': 'Me',
  'room.waiting.title': 'You are in the waiting room',
  'room.waiting.body':
    'The panel will call you in, in the order drawn by lot. While waiting you cannot see or hear the panel. Keep your camera and microphone on.',
  'room.waiting.checking':
    'Waiting-room staff are checking your identity: hold your ID card up to the camera.',
  'room.done.title': 'Your interview is over',
  'room.done.body':
    'Thank you. Scores are announced by the chief examiner or published as notified; you may close this page.',
  'room.timer': 'Time in this turn',
  'room.panel': 'Panel',
  'room.candidate': 'Candidate',
  'room.sideCamera': 'Side camera',
  'room.noCandidate': 'No candidate in the interview area',
  'room.queue': 'Waiting queue',
  'room.queueEmpty': 'Nobody is waiting',
  'room.slot': 'No. {slot}',
  'room.callNext': 'Call the next candidate',
  'room.callIn': 'Call in',
  'room.sendBack': 'Send back to the waiting room',
  'room.endTurn': 'End this turn',
  'room.supervising':
    'Supervising: the candidate can neither see nor hear you; you send no audio or video.',
  'room.area.interview': 'Interview area',
  'room.area.waiting': 'Waiting area',
  'room.checkIdentity': 'Check identity',
  'room.endCheck': 'End check',
  'room.proctorHint':
    'Pick a waiting candidate for a one-to-one identity check (ID card, side-camera room check).',
  'room.addSideCamera': 'Add a phone side camera',
  'room.sideCameraHint':
    'Scan the QR code with your phone (single use); it joins as your side camera.',
  'room.sideCameraFailed': 'Could not create a side-camera link: {message}',
  'room.stats': '{width}×{height} · {fps} fps',
  'room.leave': 'Leave',
  'side.title': 'Side camera',
  'side.redeeming': 'Checking the link…',
  'side.noCode':
    'Invalid link: the one-time code is missing. Create a new QR code on the interview page.',
  'side.failed': 'Could not join: {message}',
  'side.live':
    'Side camera connected. Fix the phone behind you at the side so it shows your desk and hands.',
  'device.title': 'Device check',
  'device.intro':
    'Before the interview, check your camera, microphone, speaker and network one by one.',
  'device.camera': 'Camera',
  'device.cameraOk': 'Picture OK: {width}×{height}',
  'device.microphone': 'Microphone',
  'device.micHint': 'Speak: the level bar should follow your voice.',
  'device.speaker': 'Speaker',
  'device.playTone': 'Play a test tone',
  'device.speakerHint': 'You should hear a one-second tone.',
  'device.network': 'Network (through the interview media server)',
  'device.runNetwork': 'Test the network',
  'device.networkRunning': 'Testing; about 8 seconds…',
  'device.rtt': 'Round-trip time',
  'device.loss': 'Packet loss',
  'device.bitrate': 'Upload bitrate',
  'device.verdictGood': 'Your network is good enough for the interview.',
  'device.verdictPoor': 'Your network is weak: change networks or move closer to the router.',
  'device.networkFailed': 'Network test failed: {message}',
  'mock.title': 'Mock interview',
  'mock.intro':
    'Go through the whole online interview once: waiting room → call-in → questions → watch your own recording. Nothing here counts.',
  'mock.start': 'Start the mock interview',
  'mock.waiting':
    'You are in the waiting room; you will be called in soon (alone: automatically in a few seconds)…',
  'mock.question': 'Question {n} of {total}',
  'mock.remaining': '{seconds} s left',
  'mock.next': 'Done, next question',
  'mock.finished':
    'The mock interview is over. Watch your recording: is the picture clear, is the sound clear?',
  'mock.again': 'Try again',
  'mock.q1': 'Introduce yourself in two minutes, focusing on your professional background.',
  'mock.q2':
    'Why do you want to work in this city, and what can you bring to its leading industries?',
  'mock.q3': 'If you disagree with a colleague about a technical approach, how do you handle it?',
  'mock.withTrainer': 'A trainer is running this mock interview.',
  'mock.trainerWillAsk': 'Please wait: the trainer will show the question.',
  'train.title': 'Mock interview training',
  'train.intro':
    'Join a candidate’s mock interview room as the panel: call them in, show sample questions with a timer, end the rehearsal. Nothing here goes on any session’s record.',
  'train.candidate': 'Candidate’s username',
  'train.join': 'Enter the mock room',
  'train.for': 'Training: {name}',
  'train.questions': 'Sample questions',
  'train.show': 'Show question {n}',
  'train.waitCandidate':
    'The candidate is not in the waiting room yet: ask them to open “Mock interview” and press “Start the mock interview”.',
  'train.ended': 'The rehearsal is over; the candidate is watching their own recording.',
  'train.leave': 'Leave the training',
};

const dictionaries = { 'zh-CN': zhCN, en } as const;

export function useRoomText() {
  const { locale } = useI18n();
  const t = useCallback(
    (key: RoomTextKey, params?: Record<string, string | number>) => {
      const template: string = dictionaries[locale][key];
      return params
        ? template.replace(/\{(\w+)\}/g, (match, name: string) =>
            name in params ? String(params[name]) : match,
          )
        : template;
    },
    [locale],
  );
  return { t, locale };
}
