import {
  CandidateArea,
  Participant,
  ROOM_WINDOW_GRACE_SECONDS,
  RoomArea,
  RoomRole,
  TurnState,
} from '@yunzhao/contracts';

/**
 * The pure rules of a session room: who receives whose media, who is listed
 * to whom, which candidate is called next, when a token admits. No mediasoup,
 * no sockets: unit-tested on their own.
 */

const PANEL_ROLES: readonly RoomRole[] = ['chief_examiner', 'examiner', 'score_clerk'];
export const isPanel = (role: RoomRole): boolean => PANEL_ROLES.includes(role);

/** proctor user id → the waiting candidate (user id) they are checking. */
export type FocusMap = ReadonlyMap<string, string>;

export type PeerView = Pick<Participant, 'userId' | 'role' | 'device' | 'area'>;

/** Whether `viewer` is sent the media `source` publishes. */
export function canReceive(viewer: PeerView, source: PeerView, focus: FocusMap): boolean {
  if (viewer.userId === source.userId) return false;
  // The supervisor is never heard or seen; a phone side camera only publishes.
  if (source.role === 'supervisor' || viewer.device === 'side') return false;
  switch (viewer.role) {
    case 'supervisor':
      return true;
    case 'chief_examiner':
    case 'examiner':
    case 'score_clerk':
      return isPanel(source.role) || (source.role === 'candidate' && source.area === 'interview');
    case 'candidate':
      if (viewer.area === 'interview') return isPanel(source.role);
      if (viewer.area === 'waiting')
        return source.role === 'proctor' && focus.get(source.userId) === viewer.userId;
      return false;
    case 'proctor':
      return (
        source.role === 'candidate' &&
        source.area === 'waiting' &&
        focus.get(viewer.userId) === source.userId
      );
  }
}

/**
 * The participant list one viewer gets. Staff see everyone (the chief needs the
 * waiting queue); a candidate sees only themselves and whom they receive; the
 * supervisor is never listed to a candidate.
 */
export function visibleParticipants(
  viewer: PeerView,
  everyone: readonly Participant[],
  focus: FocusMap,
): Participant[] {
  if (viewer.role !== 'candidate') return [...everyone];
  return everyone.filter(
    (other) =>
      other.userId === viewer.userId ||
      (viewer.device === 'main' && canReceive(viewer, other, focus)),
  );
}

export interface CandidateStanding {
  userId: string;
  slot: number | undefined;
  area: CandidateArea;
  /** A connected main-screen device: nobody is called in without one. */
  present: boolean;
}

/**
 * Who "call next" brings in: the candidate whose turn is open and who was sent
 * back for deliberation, else the present waiting candidate with the lowest slot
 * (slot order = interview order by lot).
 */
export function nextCandidate(
  candidates: readonly CandidateStanding[],
  openTurnUserId: string | null,
): string | null {
  const waiting = candidates.filter((c) => c.area === 'waiting' && c.present);
  const resumed = waiting.find((c) => c.userId === openTurnUserId);
  if (resumed) return resumed.userId;
  const bySlot = [...waiting].sort(
    (a, b) => (a.slot ?? Number.MAX_SAFE_INTEGER) - (b.slot ?? Number.MAX_SAFE_INTEGER),
  );
  return bySlot[0]?.userId ?? null;
}

/** The area a participant is shown in: candidates move; staff stay where they work. */
export function areaOf(role: RoomRole, candidateArea: CandidateArea | undefined): RoomArea {
  return role === 'candidate' ? (candidateArea ?? 'waiting') : 'staff';
}

/**
 * A token admits from `earlySeconds` before the scheduled start (the api's
 * ROOM_EARLY_JOIN_MINUTES, so both sides open the door at the same moment)
 * until 30 minutes after the scheduled end.
 */
export function isWithinWindow(
  nowSeconds: number,
  windowStart: number,
  windowEnd: number,
  earlySeconds = ROOM_WINDOW_GRACE_SECONDS,
): boolean {
  return (
    nowSeconds >= windowStart - earlySeconds && nowSeconds <= windowEnd + ROOM_WINDOW_GRACE_SECONDS
  );
}

/** Which source a device may publish, and with which kind. */
export function mayPublish(
  role: RoomRole,
  device: 'main' | 'side',
  source: 'mic' | 'camera' | 'side',
  kind: 'audio' | 'video',
): boolean {
  if (role === 'supervisor') return false;
  if (device === 'side') return source === 'side' && kind === 'video';
  if (source === 'mic') return kind === 'audio';
  if (source === 'camera') return kind === 'video';
  return false;
}

/** The timeline rows that move a candidate between the room's areas. */
export const REPLAYED_EVENT_TYPES = [
  'candidate.calledIn',
  'candidate.sentBack',
  'turn.ended',
  'identityCheck.started',
  'identityCheck.ended',
  'peer.left',
] as const;

/** A timeline row, as far as the room's replayed state is concerned. */
export interface ReplayedEvent {
  type: string;
  actorUserId?: string | null;
  payload: Record<string, unknown>;
  occurredAt: string;
}

/**
 * Where every candidate stood, whose turn was open and which identity checks were under way,
 * replayed from the session's timeline (oldest first). A room opened again after a media node
 * restart, a move to another node or an empty-room close carries on from there instead of
 * starting everyone in the waiting room.
 */
export function replayRoomState(events: readonly ReplayedEvent[]): {
  areas: Map<string, CandidateArea>;
  turn: TurnState | null;
  /** Proctor → the waiting candidate whose identity check was under way. */
  focus: Map<string, string>;
} {
  const areas = new Map<string, CandidateArea>();
  const focus = new Map<string, string>();
  let turn = null as TurnState | null;
  const endChecksOf = (candidate: string) => {
    for (const [proctor, checked] of focus) if (checked === candidate) focus.delete(proctor);
  };
  for (const { type, actorUserId, payload, occurredAt } of events) {
    if (type === 'peer.left' && actorUserId) {
      // Leaving ends a check (a node that crashed logged no departure: its checks stand).
      if (payload.role === 'proctor') focus.delete(actorUserId);
      if (payload.role === 'candidate' && payload.device === 'main') endChecksOf(actorUserId);
      continue;
    }
    const candidateUserId = payload.candidateUserId;
    if (typeof candidateUserId !== 'string') continue;
    if (type === 'identityCheck.started' && actorUserId) {
      focus.set(actorUserId, candidateUserId);
    } else if (type === 'identityCheck.ended' && actorUserId) {
      focus.delete(actorUserId);
    } else if (type === 'candidate.calledIn') {
      endChecksOf(candidateUserId);
      areas.set(candidateUserId, 'interview');
      if (turn?.candidateUserId !== candidateUserId)
        turn = { candidateUserId, startedAt: occurredAt };
    } else if (type === 'candidate.sentBack') {
      areas.set(candidateUserId, 'waiting');
    } else if (type === 'turn.ended') {
      areas.set(candidateUserId, 'done');
      if (turn?.candidateUserId === candidateUserId) turn = null;
    }
  }
  for (const [proctor, candidate] of focus)
    if ((areas.get(candidate) ?? 'waiting') !== 'waiting') focus.delete(proctor);
  return { areas, turn, focus };
}
