import { isVp8KeyFrameStart, keyFrameRequests, keyFrameStarts } from './keyframes';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('isVp8KeyFrameStart', () => {
  it('reads the key frame bit after the descriptor and its optional fields', () => {
    // X + S, I with a 15-bit PictureID (as ffmpeg's RTP muxer writes it), then P = 0.
    expect(isVp8KeyFrameStart(bytes(0x90, 0x80, 0x80, 0x00, 0xf0, 0xea))).toBe(true);
    expect(isVp8KeyFrameStart(bytes(0x90, 0x80, 0x80, 0x01, 0xf1, 0xea))).toBe(false);
    // No extension: the payload header follows the first byte.
    expect(isVp8KeyFrameStart(bytes(0x10, 0x50))).toBe(true);
    expect(isVp8KeyFrameStart(bytes(0x10, 0x51))).toBe(false);
    // I with a 7-bit PictureID, L and T.
    expect(isVp8KeyFrameStart(bytes(0x90, 0xe0, 0x05, 0x01, 0x20, 0x00))).toBe(true);
  });

  it('is false for a continuation packet, another partition or a truncated payload', () => {
    expect(isVp8KeyFrameStart(bytes(0x80, 0x80, 0x80, 0x00, 0xf0))).toBe(false);
    expect(isVp8KeyFrameStart(bytes(0x11, 0x50))).toBe(false);
    expect(isVp8KeyFrameStart(bytes(0x90, 0x80, 0x80, 0x00))).toBe(false);
    expect(isVp8KeyFrameStart(bytes())).toBe(false);
  });

  it('lists where key frames start', () => {
    const key = { payload: bytes(0x10, 0x50) };
    const delta = { payload: bytes(0x10, 0x51) };
    const rest = { payload: bytes(0x00, 0x00) };
    expect(keyFrameStarts([key, rest, delta, key, rest])).toEqual([0, 3]);
  });
});

describe('keyFrameRequests', () => {
  const rtcp = (type: number, fmt: number, body: number[]) => {
    const words = body.length / 4;
    return [0x80 | fmt, type, 0, words, ...body];
  };
  const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

  it('finds the media SSRC of a PLI inside a compound packet', () => {
    const rr = rtcp(201, 0, u32(0x11111111));
    const pli = rtcp(206, 1, [...u32(0x22222222), ...u32(0xdeadbeef)]);
    expect(keyFrameRequests(bytes(...rr, ...pli))).toEqual([0xdeadbeef]);
  });

  it('finds every SSRC of a FIR and ignores other feedback', () => {
    const fir = rtcp(206, 4, [
      ...u32(1),
      ...u32(0),
      ...u32(0xaaaa0001),
      1,
      0,
      0,
      0,
      ...u32(0xaaaa0002),
      2,
      0,
      0,
      0,
    ]);
    const nack = rtcp(205, 1, [...u32(1), ...u32(0xbbbbbbbb), 0, 5, 0, 0]);
    const remb = rtcp(206, 15, [...u32(1), ...u32(0), 0x52, 0x45, 0x4d, 0x42]);
    expect(keyFrameRequests(bytes(...nack, ...fir, ...remb))).toEqual([0xaaaa0001, 0xaaaa0002]);
  });

  it('stops at a malformed packet', () => {
    const pli = rtcp(206, 1, [...u32(2), ...u32(3)]);
    expect(keyFrameRequests(bytes(0x00, 0x01, 0x02))).toEqual([]);
    expect(keyFrameRequests(bytes(...pli.slice(0, 8)))).toEqual([]);
  });
});
