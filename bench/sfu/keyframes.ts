/**
 * What the load generator needs to answer keyframe requests as a browser does
 * (pure): where the key frames of a packetised VP8 clip start, and which
 * SSRCs an RTCP datagram from the SFU asks a key frame of (PLI, FIR).
 */

/**
 * True when an RTP payload of VP8 (RFC 7741) is the first packet of a key
 * frame: start of partition 0 (S = 1, PID = 0) and the payload header's P bit
 * clear.
 */
export function isVp8KeyFrameStart(payload: Uint8Array): boolean {
  if (payload.length < 1) return false;
  const first = payload[0];
  const start = (first & 0x10) !== 0;
  const partition = first & 0x07;
  if (!start || partition !== 0) return false;
  let offset = 1;
  if (first & 0x80) {
    // X: the extension byte says which optional fields follow.
    if (payload.length < 2) return false;
    const ext = payload[1];
    offset = 2;
    if (ext & 0x80) {
      // I: PictureID, 7 or 15 bits (M bit).
      if (payload.length <= offset) return false;
      offset += payload[offset] & 0x80 ? 2 : 1;
    }
    if (ext & 0x40) offset += 1; // L: TL0PICIDX
    if (ext & 0x30) offset += 1; // T or K: TID / KEYIDX
  }
  if (payload.length <= offset) return false;
  return (payload[offset] & 0x01) === 0;
}

/** Indices of the packets that start a key frame, in order. */
export function keyFrameStarts(packets: readonly { payload: Uint8Array }[]): number[] {
  const starts: number[] = [];
  packets.forEach((packet, index) => {
    if (isVp8KeyFrameStart(packet.payload)) starts.push(index);
  });
  return starts;
}

/**
 * Media SSRCs whose sender an RTCP (compound) datagram asks for a key frame:
 * PLI (PT 206, FMT 1: RFC 4585) and FIR (PT 206, FMT 4: RFC 5104, one SSRC per
 * FCI entry). Anything else, or a malformed packet, contributes nothing.
 */
export function keyFrameRequests(datagram: Uint8Array): number[] {
  const ssrcs: number[] = [];
  const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  let offset = 0;
  while (offset + 4 <= datagram.length) {
    const first = datagram[offset];
    if (first >> 6 !== 2) break;
    const fmt = first & 0x1f;
    const type = datagram[offset + 1];
    const length = (view.getUint16(offset + 2) + 1) * 4;
    if (offset + length > datagram.length) break;
    if (type === 206 && fmt === 1 && length >= 12) ssrcs.push(view.getUint32(offset + 8));
    if (type === 206 && fmt === 4)
      for (let fci = offset + 12; fci + 8 <= offset + length; fci += 8)
        ssrcs.push(view.getUint32(fci));
    offset += length;
  }
  return ssrcs;
}
