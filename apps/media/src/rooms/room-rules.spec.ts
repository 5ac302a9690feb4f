import { mayRoleSend, Participant, ROOM_PERMISSIONS, ROOM_ROLES } from '@yunzhao/contracts';
import {
  canReceive,
  isWithinWindow,
  mayPublish,
  nextCandidate,
  PeerView,
  replayRoomState,
  visibleParticipants,
} from './room-rules';
import { admissionRefusal, readRoomClaims } from '../signaling/room-admission';

const view = (
  userId: string,
  role: PeerView['role'],
  area: PeerView['area'] = 'staff',
  device: PeerView['device'] = 'main',
): PeerView => ({
  userId,
  role,
  area,
  device,
});
const chief = view('chief', 'chief_examiner');
const examiner = view('ex', 'examiner');
const clerk = view('clerk', 'score_clerk');
const supervisor = view('sup', 'supervisor');
const proctor = view('pro', 'proctor');
const waiting = view('c1', 'candidate', 'waiting');
const interviewed = view('c2', 'candidate', 'interview');
const interviewedSide = view('c2', 'candidate', 'interview', 'side');
const noFocus = new Map<string, string>();

describe('the permission table', () => {
  it('gives room control to the chief examiner alone', () => {
    for (const event of ['callIn', 'sendBack', 'endTurn'])
      for (const role of ROOM_ROLES)
        expect([role, mayRoleSend(role, event)]).toEqual([role, role === 'chief_examiner']);
  });

  it('lets everyone but the supervisor produce, and only proctors run identity checks', () => {
    expect(ROOM_ROLES.filter((role) => mayRoleSend(role, 'produce'))).toEqual(
      ROOM_ROLES.filter((role) => role !== 'supervisor'),
    );
    expect(ROOM_ROLES.filter((role) => mayRoleSend(role, 'focusCandidate'))).toEqual(['proctor']);
  });

  it('refuses events that are not in the protocol, including prototype names', () => {
    for (const event of ['selfDestruct', 'constructor', '__proto__', 'toString'])
      expect(mayRoleSend('chief_examiner', event)).toBe(false);
    expect(Object.keys(ROOM_PERMISSIONS)).toContain('join');
  });
});

describe('who receives whom', () => {
  it('shows the panel to each other and to the candidate in the interview area only', () => {
    expect(canReceive(examiner, chief, noFocus)).toBe(true);
    expect(canReceive(clerk, examiner, noFocus)).toBe(true);
    expect(canReceive(chief, interviewed, noFocus)).toBe(true);
    expect(canReceive(chief, interviewedSide, noFocus)).toBe(true);
    expect(canReceive(interviewed, chief, noFocus)).toBe(true);
    expect(canReceive(chief, waiting, noFocus)).toBe(false);
    expect(canReceive(waiting, chief, noFocus)).toBe(false);
    expect(canReceive(view('c3', 'candidate', 'done'), chief, noFocus)).toBe(false);
  });

  it('never sends the supervisor anywhere, and sends the supervisor everything', () => {
    for (const viewer of [chief, examiner, clerk, proctor, waiting, interviewed])
      expect(canReceive(viewer, supervisor, noFocus)).toBe(false);
    for (const source of [chief, examiner, clerk, proctor, waiting, interviewed, interviewedSide])
      expect(canReceive(supervisor, source, noFocus)).toBe(true);
  });

  it('pairs a proctor with one waiting candidate at a time', () => {
    const focus = new Map([['pro', 'c1']]);
    expect(canReceive(proctor, waiting, focus)).toBe(true);
    expect(canReceive(waiting, proctor, focus)).toBe(true);
    expect(canReceive(proctor, view('c9', 'candidate', 'waiting'), focus)).toBe(false);
    expect(canReceive(proctor, waiting, noFocus)).toBe(false);
    expect(canReceive(chief, proctor, focus)).toBe(false);
  });

  it('lets a phone side camera receive nothing, and a candidate not receive themselves', () => {
    expect(canReceive(interviewedSide, chief, noFocus)).toBe(false);
    expect(canReceive(interviewed, interviewedSide, noFocus)).toBe(false);
  });

  it('lists the supervisor to staff but never to the candidate', () => {
    const everyone: Participant[] = [chief, supervisor, interviewed, waiting].map((v, i) => ({
      ...v,
      peerId: `p${i}`,
      name: v.userId,
    }));
    expect(visibleParticipants(interviewed, everyone, noFocus).map((p) => p.userId)).toEqual([
      'chief',
      'c2',
    ]);
    expect(visibleParticipants(waiting, everyone, noFocus).map((p) => p.userId)).toEqual(['c1']);
    expect(visibleParticipants(chief, everyone, noFocus)).toHaveLength(4);
  });
});

describe('call next', () => {
  const standing = (
    userId: string,
    slot: number,
    area: 'waiting' | 'interview' | 'done' = 'waiting',
    present = true,
  ) => ({
    userId,
    slot,
    area,
    present,
  });

  it('brings in the present waiting candidate with the lowest slot', () => {
    expect(
      nextCandidate([standing('b', 2), standing('a', 1, 'done'), standing('c', 3)], null),
    ).toBe('b');
    expect(nextCandidate([standing('b', 2, 'waiting', false), standing('c', 3)], null)).toBe('c');
    expect(nextCandidate([standing('a', 1, 'done')], null)).toBeNull();
  });

  it('brings back a candidate sent out for deliberation before anyone new', () => {
    expect(nextCandidate([standing('a', 1), standing('b', 2)], 'b')).toBe('b');
  });
});

describe('the door', () => {
  const now = 1_800_000_000;
  const claims = {
    typ: 'room',
    sub: 'u1',
    sid: 's1',
    role: 'candidate',
    name: '考生',
    slot: 3,
    device: 'main',
    windowStart: now,
    windowEnd: now + 3600,
  };

  it('admits from 30 minutes before the window until 30 minutes after it', () => {
    expect(isWithinWindow(now - 1800, now, now + 3600)).toBe(true);
    expect(isWithinWindow(now - 1801, now, now + 3600)).toBe(false);
    expect(isWithinWindow(now + 5400, now, now + 3600)).toBe(true);
    expect(isWithinWindow(now + 5401, now, now + 3600)).toBe(false);
  });

  it("opens as early as the api's ROOM_EARLY_JOIN_MINUTES says", () => {
    expect(isWithinWindow(now - 3600, now, now + 3600, 3600)).toBe(true);
    expect(isWithinWindow(now - 3601, now, now + 3600, 3600)).toBe(false);
    expect(isWithinWindow(now - 301, now, now + 3600, 300)).toBe(false);
    expect(admissionRefusal(readRoomClaims(claims), 's1', now - 3000, 3600)).toBeNull();
    expect(admissionRefusal(readRoomClaims(claims), 's1', now - 3000)).toBe('ROOM_OUTSIDE_WINDOW');
  });

  it('reads only well-formed room tokens', () => {
    expect(readRoomClaims(claims)).toMatchObject({ sub: 'u1', slot: 3 });
    expect(readRoomClaims({ ...claims, typ: 'access' })).toBeNull();
    expect(readRoomClaims({ ...claims, role: 'admin' })).toBeNull();
    expect(readRoomClaims({ ...claims, role: 'examiner', device: 'side' })).toBeNull();
    expect(readRoomClaims({ ...claims, windowEnd: 'later' })).toBeNull();
    expect(readRoomClaims({ ...claims, slot: 1.5 })).toBeNull();
    expect(readRoomClaims('token')).toBeNull();
  });

  it('names the reason for a refusal', () => {
    const read = readRoomClaims(claims);
    expect(admissionRefusal(read, 's1', now)).toBeNull();
    expect(admissionRefusal(read, 's2', now)).toBe('ROOM_WRONG_SESSION');
    expect(admissionRefusal(read, 's1', now + 7200)).toBe('ROOM_OUTSIDE_WINDOW');
    expect(admissionRefusal(null, 's1', now)).toBe('ROOM_TOKEN_INVALID');
  });
});

describe('what a connection may publish', () => {
  it('matches source and kind, keeps the phone to side video and the supervisor silent', () => {
    expect(mayPublish('candidate', 'main', 'mic', 'audio')).toBe(true);
    expect(mayPublish('candidate', 'main', 'camera', 'video')).toBe(true);
    expect(mayPublish('candidate', 'main', 'mic', 'video')).toBe(false);
    expect(mayPublish('candidate', 'main', 'side', 'video')).toBe(false);
    expect(mayPublish('candidate', 'side', 'side', 'video')).toBe(true);
    expect(mayPublish('candidate', 'side', 'mic', 'audio')).toBe(false);
    expect(mayPublish('supervisor', 'main', 'camera', 'video')).toBe(false);
  });
});

describe('a room reopened from its timeline', () => {
  const at = (minute: number) => `2026-12-01T01:${String(minute).padStart(2, '0')}:00.000Z`;
  const event = (type: string, candidateUserId: string, minute: number) => ({
    type,
    payload: { candidateUserId },
    occurredAt: at(minute),
  });

  it('puts the candidate being interviewed back in the interview, with the turn as it started', () => {
    const { areas, turn } = replayRoomState([
      event('candidate.calledIn', 'a', 0),
      event('turn.ended', 'a', 10),
      event('candidate.calledIn', 'b', 11),
      event('candidate.sentBack', 'b', 20),
      event('candidate.calledIn', 'b', 22),
    ]);
    expect(Object.fromEntries(areas)).toEqual({ a: 'done', b: 'interview' });
    // Sent back for deliberation and called in again: still the turn that began at minute 11.
    expect(turn).toEqual({ candidateUserId: 'b', startedAt: at(11) });
  });

  it('keeps a candidate sent back for deliberation waiting, with their turn open', () => {
    const { areas, turn } = replayRoomState([
      event('candidate.calledIn', 'a', 0),
      event('candidate.sentBack', 'a', 5),
    ]);
    expect(areas.get('a')).toBe('waiting');
    expect(turn).toEqual({ candidateUserId: 'a', startedAt: at(0) });
  });

  const check = (type: string, proctor: string, candidateUserId: string, minute: number) => ({
    ...event(type, candidateUserId, minute),
    actorUserId: proctor,
  });
  const left = (userId: string, role: string, minute: number, device = 'main') => ({
    type: 'peer.left',
    actorUserId: userId,
    payload: { role, device, reason: 'left' },
    occurredAt: at(minute),
  });

  it('carries on an identity check that was under way when the room stopped', () => {
    const { focus } = replayRoomState([
      check('identityCheck.started', 'p1', 'a', 0),
      check('identityCheck.started', 'p2', 'b', 1),
      check('identityCheck.ended', 'p2', 'b', 2),
      check('identityCheck.started', 'p2', 'c', 3),
    ]);
    expect(Object.fromEntries(focus)).toEqual({ p1: 'a', p2: 'c' });
  });

  it('drops a check that ended by a call-in or by the proctor or the candidate leaving', () => {
    const { focus } = replayRoomState([
      check('identityCheck.started', 'p1', 'a', 0),
      event('candidate.calledIn', 'a', 1),
      check('identityCheck.started', 'p2', 'b', 2),
      left('p2', 'proctor', 3),
      check('identityCheck.started', 'p3', 'c', 4),
      left('c', 'candidate', 5, 'side'),
      check('identityCheck.started', 'p4', 'd', 6),
      left('d', 'candidate', 7),
    ]);
    // Only the side camera of c left: c's check stands; d's main device left: d's check ended.
    expect(Object.fromEntries(focus)).toEqual({ p3: 'c' });
  });

  it('starts empty without history and ignores rows without a candidate', () => {
    expect(replayRoomState([])).toEqual({ areas: new Map(), turn: null, focus: new Map() });
    const { areas, turn } = replayRoomState([
      { type: 'candidate.calledIn', payload: {}, occurredAt: at(0) },
      event('turn.ended', 'a', 1),
    ]);
    expect(Object.fromEntries(areas)).toEqual({ a: 'done' });
    expect(turn).toBeNull();
  });
});
