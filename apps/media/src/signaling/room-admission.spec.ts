import { mayConnectionSend, ROOM_PERMISSIONS, ROOM_ROLES } from '@yunzhao/contracts';
import { expiryDelayMs, readConnectionMode, readRoomClaims } from './room-admission';

const now = Math.floor(Date.now() / 1000);
const claims = {
  typ: 'room',
  sub: 'u1',
  sid: 's1',
  role: 'candidate',
  name: '考生',
  device: 'main',
  windowStart: now,
  windowEnd: now + 3600,
};

describe('the permission table by connection', () => {
  it('lets a listen-only connection send nothing, whatever its role', () => {
    for (const role of ROOM_ROLES)
      for (const event of Object.keys(ROOM_PERMISSIONS))
        expect([role, event, mayConnectionSend('listen', role, event)]).toEqual([
          role,
          event,
          false,
        ]);
  });

  it('leaves a peer connection to the role table; the mock question is the chief’s (trainer’s)', () => {
    expect(mayConnectionSend('peer', 'candidate', 'produce')).toBe(true);
    expect(mayConnectionSend('peer', 'supervisor', 'produce')).toBe(false);
    expect(ROOM_ROLES.filter((role) => mayConnectionSend('peer', role, 'mockQuestion'))).toEqual([
      'chief_examiner',
    ]);
  });

  it('reads the handshake mode: peer by default, listen on request, nothing else', () => {
    expect(readConnectionMode(undefined)).toBe('peer');
    expect(readConnectionMode('peer')).toBe('peer');
    expect(readConnectionMode('listen')).toBe('listen');
    expect(readConnectionMode('spy')).toBeNull();
    expect(readConnectionMode(1)).toBeNull();
  });
});

describe('mock room passes', () => {
  it('belong to mock rooms only, for a candidate or the trainer playing the chief', () => {
    const mock = { ...claims, sid: 'mock-u1', mock: true };
    expect(readRoomClaims(mock)).toMatchObject({ sid: 'mock-u1', mock: true });
    expect(readRoomClaims({ ...mock, role: 'chief_examiner', sub: 't1' })).not.toBeNull();
    expect(readRoomClaims({ ...mock, role: 'supervisor' })).toBeNull();
    // A mock pass never opens a real session, nor a real pass a mock room.
    expect(readRoomClaims({ ...mock, sid: 's1' })).toBeNull();
    expect(readRoomClaims({ ...claims, sid: 'mock-u1' })).toBeNull();
  });
});

describe('token expiry', () => {
  it('cuts at exp, at once when already past, and not for a token without one', () => {
    expect(expiryDelayMs(now + 30, now * 1000)).toBe(30_000);
    expect(expiryDelayMs(now - 5, now * 1000)).toBe(0);
    expect(expiryDelayMs(undefined, now * 1000)).toBeNull();
    expect(expiryDelayMs(Number.MAX_SAFE_INTEGER, now * 1000)).toBeNull();
  });
});
