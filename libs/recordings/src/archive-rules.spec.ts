import { parseRange } from './http-range';
import { signPlayback, verifyPlayback } from './playback-token';
import { isDeletable, recordingExpiry } from './retention-rules';
import { assertSafeKey } from './storage';

const DAY = 86_400_000;

describe('parseRange', () => {
  it('answers ranges, suffixes, open ends and unsatisfiable starts', () => {
    expect(parseRange(undefined, 100)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=0-9', 100)).toEqual({ kind: 'partial', range: { start: 0, end: 9 } });
    expect(parseRange('bytes=90-', 100)).toEqual({
      kind: 'partial',
      range: { start: 90, end: 99 },
    });
    expect(parseRange('bytes=-5', 100)).toEqual({ kind: 'partial', range: { start: 95, end: 99 } });
    expect(parseRange('bytes=50-500', 100)).toEqual({
      kind: 'partial',
      range: { start: 50, end: 99 },
    });
    expect(parseRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=0-1,5-6', 100)).toEqual({ kind: 'full' });
    expect(parseRange('items=0-1', 100)).toEqual({ kind: 'full' });
  });
});

describe('playback grants', () => {
  const secret = 'x'.repeat(32);
  it('verifies its own unexpired tokens only', () => {
    const token = signPlayback(secret, { segmentId: 's', userId: 'u', exp: Date.now() + 1000 });
    expect(verifyPlayback(secret, token)).toMatchObject({ segmentId: 's', userId: 'u' });
    expect(verifyPlayback('y'.repeat(32), token)).toBeNull();
    expect(verifyPlayback(secret, token, Date.now() + 2000)).toBeNull();
    const [payload, mac] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ s: 'other', u: 'u', e: Date.now() + 1000 }),
    ).toString('base64url');
    expect(verifyPlayback(secret, `${forged}.${mac}`)).toBeNull();
    expect(verifyPlayback(secret, payload)).toBeNull();
  });
});

describe('retention', () => {
  const ended = new Date('2030-01-01T00:00:00Z');
  it('expires N days after the session, or at the campaign date, default otherwise', () => {
    expect(recordingExpiry(ended, null, 365).getTime()).toBe(ended.getTime() + 365 * DAY);
    expect(recordingExpiry(ended, { retentionDays: 30, retainUntil: null }, 365).getTime()).toBe(
      ended.getTime() + 30 * DAY,
    );
    const until = new Date('2031-06-30T00:00:00Z');
    expect(recordingExpiry(ended, { retentionDays: null, retainUntil: until }, 365)).toBe(until);
  });
  it('never deletes held recordings', () => {
    const now = new Date(ended.getTime() + 400 * DAY);
    const expiry = recordingExpiry(ended, null, 365);
    expect(isDeletable(expiry, { campaign: false, session: false }, now)).toBe(true);
    expect(isDeletable(expiry, { campaign: true, session: false }, now)).toBe(false);
    expect(isDeletable(expiry, { campaign: false, session: true }, now)).toBe(false);
    expect(isDeletable(expiry, { campaign: false, session: false }, ended)).toBe(false);
  });
});

describe('storage keys', () => {
  it('refuses keys that could leave the storage root', () => {
    expect(() => assertSafeKey('a/b/0001.webm')).not.toThrow();
    for (const bad of ['', '/etc/passwd', 'a/../../b', 'a//b', 'a\\b', './a'])
      expect(() => assertSafeKey(bad)).toThrow();
  });
});
