/**
 * The live-room signaling protocol between the media node and the browser:
 * one typed event map shared by both sides (socket.io generics), the payloads,
 * the per-role permission table and the room's error codes. Pure TypeScript:
 * the web app imports this file too.
 */
import type { Locale } from './errors';
import type { RoomDevice, RoomRole } from './room-token';
import type {
  ScoreConfirmedEvent,
  ScoreCorrectedEvent,
  ScorePublishedEvent,
} from './scoring-events';

/** Where a candidate is: waiting area, in front of the panel, or finished. */
export type CandidateArea = 'waiting' | 'interview' | 'done';
/** Staff are always in one area: the panel and supervisors in the interview area, proctors in the waiting area. */
export type RoomArea = CandidateArea | 'staff';

export type MediaSource = 'mic' | 'camera' | 'side';
export type MediaKind = 'audio' | 'video';
export type TransportDirection = 'send' | 'recv';

/** Opaque mediasoup / WebRTC structures travel as JSON objects; the SFU validates them. */
export type JsonObject = Record<string, unknown>;

export interface Participant {
  /** One per connection: a candidate with a side camera has two peers. */
  peerId: string;
  userId: string;
  name: string;
  role: RoomRole;
  device: RoomDevice;
  area: RoomArea;
  slot?: number;
}

export interface TurnState {
  candidateUserId: string;
  startedAt: string;
}

/** The room as one viewer may see it (the supervisor is never listed to a candidate). */
export interface RoomSnapshot {
  sessionId: string;
  mock: boolean;
  self: Participant;
  participants: Participant[];
  turn: TurnState | null;
  /** For a proctor: the waiting candidate they are checking; for a candidate: whether a proctor is checking them. */
  focusUserId: string | null;
}

// ---- client → server (every message is acknowledged) ----

export interface JoinRequest {
  rtpCapabilities: JsonObject;
  /** The client still holds live transports from before a socket blip and wants to keep them. */
  resume?: boolean;
}
export interface JoinReply {
  room: RoomSnapshot;
  /** True when this connection took over its own earlier peer (socket blip): transports are still there. */
  resumed: boolean;
}
export interface CreateTransportRequest {
  direction: TransportDirection;
}
export interface TransportOptions {
  id: string;
  iceParameters: JsonObject;
  iceCandidates: JsonObject[];
  dtlsParameters: JsonObject;
}
export interface ConnectTransportRequest {
  transportId: string;
  dtlsParameters: JsonObject;
}
export interface RestartIceRequest {
  transportId: string;
}
export interface ProduceRequest {
  transportId: string;
  kind: MediaKind;
  rtpParameters: JsonObject;
  source: MediaSource;
}
export interface ProducerRequest {
  producerId: string;
}
export interface ConsumerRequest {
  consumerId: string;
}
export interface CandidateRequest {
  /** Omitted in callIn: the next candidate in drawn order. */
  candidateUserId?: string;
}
/** Mock room with training staff: the trainer shows sample question `index` (0-based). */
export interface MockQuestionRequest {
  index: number;
}
export interface FocusRequest {
  /** null ends the identity check. */
  candidateUserId: string | null;
}

export interface RoomError {
  code: RoomErrorCode;
  message: string;
  details?: unknown;
}
export type Ack<T> = T | { error: RoomError };
type Call<Req, Res> = (request: Req, ack: (reply: Ack<Res>) => void) => void;
export type Empty = Record<string, never>;
export interface Ok {
  ok: true;
}

export interface ClientToServerEvents {
  getRouterRtpCapabilities: Call<Empty, { rtpCapabilities: JsonObject }>;
  join: Call<JoinRequest, JoinReply>;
  createTransport: Call<CreateTransportRequest, TransportOptions>;
  connectTransport: Call<ConnectTransportRequest, Ok>;
  restartIce: Call<RestartIceRequest, { iceParameters: JsonObject }>;
  /** The recv transport exists: the SFU may now send this peer consumers. */
  ready: Call<Empty, Ok>;
  produce: Call<ProduceRequest, { id: string }>;
  closeProducer: Call<ProducerRequest, Ok>;
  resumeConsumer: Call<ConsumerRequest, Ok>;
  callIn: Call<CandidateRequest, { candidateUserId: string }>;
  sendBack: Call<CandidateRequest, { candidateUserId: string }>;
  endTurn: Call<CandidateRequest, { candidateUserId: string }>;
  focusCandidate: Call<FocusRequest, Ok>;
  /** Mock rooms only: the trainer (playing the chief) shows a sample question to the candidate. */
  mockQuestion: Call<MockQuestionRequest, MockQuestionEvent>;
}
export type ClientEvent = keyof ClientToServerEvents;

// ---- server → client ----

export interface NewConsumer {
  consumerId: string;
  producerId: string;
  kind: MediaKind;
  rtpParameters: JsonObject;
  peerId: string;
  userId: string;
  role: RoomRole;
  source: MediaSource;
}

/** The published question-set draw (rfc3797-sha256-v1): ids only, never question content. */
export interface QuestionDrawnEvent {
  sessionId: string;
  algorithm: string;
  commitment: string;
  secret: string;
  sources: string[];
  items: string[];
  count: number;
  result: string[];
  drawnAt: string;
  /** SHA-256(secret) equals the commitment published before the draw. */
  commitmentMatches: boolean;
}

export interface QuestionScoringBand {
  label: string;
  min: number;
  max: number;
  description?: string;
}

/** Scoring guidance (评分参考): panel and supervisors only. */
export interface QuestionGuidance {
  referencePoints: string[];
  bands: QuestionScoringBand[];
}

export interface QuestionRevealedEvent {
  sessionId: string;
  candidateUserId: string;
  /** 0-based position in the set, and how many questions the set has. */
  index: number;
  total: number;
  text: string;
  timeAllowedSeconds: number;
  revealedAt: string;
  /** The countdown ends here; the timekeeper warns at `warningAt`. */
  endsAt: string;
  warningAt: string;
  /** Panel and supervisors only. */
  dimensions?: string[];
  guidance?: QuestionGuidance;
}

/** How many sample questions a mock interview has, and the time for each (seconds). */
export const MOCK_QUESTION_COUNT = 3;
export const MOCK_QUESTION_SECONDS = 90;

/** A sample question a trainer showed in a mock room (the text is the web app's own sample). */
export interface MockQuestionEvent {
  index: number;
  total: number;
  seconds: number;
  shownAt: string;
  endsAt: string;
}

/** The room's turn as a staff listen-only connection sees it (no participants, no media). */
export interface ListenState {
  sessionId: string;
  turn: TurnState | null;
}

/**
 * What a signaling connection is, chosen in the handshake (`auth.mode`):
 * a `peer` joins the room with media; a `listen` connection only receives the
 * room's broadcasts (scores, draws, questions, staff: turn state), is never a
 * peer, may send nothing and never takes over a peer of the same person.
 */
export type RoomConnectionMode = 'peer' | 'listen';

export interface ServerToClientEvents {
  /** The room as this viewer may see it, after any change. */
  roomState: (room: RoomSnapshot) => void;
  newConsumer: (consumer: NewConsumer) => void;
  consumerClosed: (consumer: { consumerId: string }) => void;
  /** The media worker died: recreate transports, producers and consumers. */
  roomRebuilt: (info: { reason: 'worker-died' }) => void;
  /** Another connection of the same person and device took over this one. */
  replaced: () => void;
  /** The session's question set was drawn: the record for the commitment check, no question content. */
  questionDrawn: (draw: QuestionDrawnEvent) => void;
  /** The chief showed the next question: candidate gets text + timer, panel and supervisors also the guidance. */
  questionRevealed: (question: QuestionRevealedEvent) => void;
  /** Scoring (issue 7), emitted by the api: a score was published, confirmed by a supervisor, corrected. */
  scorePublished: (score: ScorePublishedEvent) => void;
  scoreConfirmed: (confirmation: ScoreConfirmedEvent) => void;
  scoreCorrected: (correction: ScoreCorrectedEvent) => void;
  /** Mock room with a trainer: the sample question shown, with its timer. */
  mockQuestion: (question: MockQuestionEvent) => void;
  /** Listen-only connections of staff: the turn changed. */
  listenState: (state: ListenState) => void;
  /** This connection's room token expired: the server disconnects it; reconnect with a fresh one. */
  tokenExpired: (info: { expiredAt: string }) => void;
  /**
   * The media node's link to Redis came back: an event the api sent meanwhile (a score, a draw,
   * a question) may not have arrived. The page reads again from the api what it shows.
   */
  resync: () => void;
}

// ---- permission table ----

const PANEL = ['chief_examiner', 'examiner', 'score_clerk'] as const satisfies readonly RoomRole[];
const SENDERS = [...PANEL, 'candidate', 'proctor'] as const satisfies readonly RoomRole[];
const EVERYONE = [...SENDERS, 'supervisor'] as const satisfies readonly RoomRole[];

/**
 * Who may send which message. Media-plane messages are open to everyone in the
 * room except that the supervisor never produces; room control belongs to the
 * chief examiner, identity checks to proctors.
 */
export const ROOM_PERMISSIONS = {
  getRouterRtpCapabilities: EVERYONE,
  join: EVERYONE,
  createTransport: EVERYONE,
  connectTransport: EVERYONE,
  restartIce: EVERYONE,
  ready: EVERYONE,
  produce: SENDERS,
  closeProducer: SENDERS,
  resumeConsumer: EVERYONE,
  callIn: ['chief_examiner'],
  sendBack: ['chief_examiner'],
  endTurn: ['chief_examiner'],
  focusCandidate: ['proctor'],
  // Checked again by the media node: only in a mock room (where the "chief" is the trainer).
  mockQuestion: ['chief_examiner'],
} as const satisfies Record<ClientEvent, readonly RoomRole[]>;

/**
 * A listen-only connection sends nothing but `ping`: whatever its role, every
 * protocol message is refused (it is not a peer: no transports, no producers,
 * no room control).
 */
export function mayConnectionSend(
  mode: RoomConnectionMode,
  role: RoomRole,
  event: string,
): event is ClientEvent {
  return mode === 'peer' && mayRoleSend(role, event);
}

export function mayRoleSend(role: RoomRole, event: string): event is ClientEvent {
  if (!Object.prototype.hasOwnProperty.call(ROOM_PERMISSIONS, event)) return false;
  const allowed: readonly RoomRole[] = ROOM_PERMISSIONS[event as ClientEvent];
  return allowed.includes(role);
}

// ---- error codes ----

export const ROOM_ERROR_CODES = [
  'UNAUTHENTICATED',
  'ROOM_TOKEN_INVALID',
  'ROOM_WRONG_SESSION',
  'ROOM_OUTSIDE_WINDOW',
  'VALIDATION_FAILED',
  'FORBIDDEN',
  'ROOM_NOT_JOINED',
  'NOT_FOUND',
  'ROOM_NO_WAITING_CANDIDATE',
  'ROOM_INTERVIEW_BUSY',
  'ROOM_MEDIA_UNAVAILABLE',
  'ROOM_MOVED',
  'INTERNAL_ERROR',
] as const;
export type RoomErrorCode = (typeof ROOM_ERROR_CODES)[number];

export const ROOM_ERROR_MESSAGES = {
  UNAUTHENTICATED: { 'zh-CN': '缺少有效的入场凭证', en: 'A valid room pass is required' },
  ROOM_TOKEN_INVALID: {
    'zh-CN': '入场凭证无效或已过期，请重新进入',
    en: 'The room pass is invalid or expired; please enter again',
  },
  ROOM_WRONG_SESSION: {
    'zh-CN': '入场凭证不属于此场次',
    en: 'This room pass belongs to another session',
  },
  ROOM_OUTSIDE_WINDOW: {
    'zh-CN': '不在本场次的入场时间内',
    en: 'This session is not open for entry at this time',
  },
  VALIDATION_FAILED: { 'zh-CN': '消息内容有误', en: 'The message is invalid' },
  FORBIDDEN: { 'zh-CN': '您的角色无权执行此操作', en: 'Your role may not do this' },
  ROOM_NOT_JOINED: { 'zh-CN': '请先进入房间', en: 'Join the room first' },
  NOT_FOUND: { 'zh-CN': '对象不存在', en: 'Not found' },
  ROOM_NO_WAITING_CANDIDATE: {
    'zh-CN': '候考室中没有可以进场的考生',
    en: 'No candidate is waiting to be called in',
  },
  ROOM_INTERVIEW_BUSY: {
    'zh-CN': '面试区已有考生，请先结束或请其回候考室',
    en: 'A candidate is already in the interview area',
  },
  ROOM_MEDIA_UNAVAILABLE: {
    'zh-CN': '媒体服务正在恢复，请稍候',
    en: 'The media service is recovering; please wait',
  },
  ROOM_MOVED: {
    'zh-CN': '本场次已转到另一台媒体服务器，请重新获取入场凭证',
    en: 'This session has moved to another media server; get a fresh room pass',
  },
  INTERNAL_ERROR: { 'zh-CN': '服务器内部错误', en: 'Internal server error' },
} satisfies Record<RoomErrorCode, Record<Locale, string>>;

/** How far before the window opens and after it closes a token still admits (seconds). */
export const ROOM_WINDOW_GRACE_SECONDS = 30 * 60;
