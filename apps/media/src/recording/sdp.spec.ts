import type { types as ms } from 'mediasoup';
import { containerFor, ffmpegArgs, recorderSdp, segmentStorageKey } from './sdp';

const ports = { rtp: 46010, rtcp: 46011 };

describe('recorder SDP', () => {
  it("carries the consumer's payload type, rtpmap and fmtp for Opus", () => {
    const rtpParameters: ms.RtpParameters = {
      codecs: [
        {
          mimeType: 'audio/opus',
          payloadType: 100,
          clockRate: 48000,
          channels: 2,
          parameters: { minptime: 10, useinbandfec: 1 },
        },
      ],
      encodings: [{ ssrc: 1 }],
    };
    expect(recorderSdp(rtpParameters, 'audio', ports).split('\n')).toEqual([
      'v=0',
      'o=- 0 0 IN IP4 127.0.0.1',
      's=yunzhao recorder',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      'm=audio 46010 RTP/AVP 100',
      'a=rtcp:46011',
      'a=rtpmap:100 opus/48000/2',
      'a=fmtp:100 minptime=10;useinbandfec=1',
      'a=recvonly',
      '',
    ]);
  });

  it('skips RTX and writes no fmtp line without parameters', () => {
    const rtpParameters: ms.RtpParameters = {
      codecs: [
        { mimeType: 'video/rtx', payloadType: 102, clockRate: 90000, parameters: { apt: 101 } },
        { mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, parameters: {} },
      ],
      encodings: [{ ssrc: 2 }],
    };
    const sdp = recorderSdp(rtpParameters, 'video', ports);
    expect(sdp).toContain('m=video 46010 RTP/AVP 101\n');
    expect(sdp).toContain('a=rtpmap:101 VP8/90000\n');
    expect(sdp).not.toContain('fmtp');
    expect(sdp).not.toContain('rtx');
  });
});

describe('containers and storage keys', () => {
  it('puts VP8/Opus in WebM and H264 in Matroska', () => {
    expect(containerFor('video/VP8')).toBe('webm');
    expect(containerFor('audio/opus')).toBe('webm');
    expect(containerFor('video/H264')).toBe('mkv');
  });

  it('names a segment <session>/<recording>/<seq padded 4>.<container>', () => {
    expect(segmentStorageKey('s', 'r', 7, 'webm')).toBe('s/r/0007.webm');
    expect(segmentStorageKey('s', 'r', 12, 'mkv')).toBe('s/r/0012.mkv');
  });

  it('runs ffmpeg on an SDP from stdin with codec copy, packet flushing and the right muxer', () => {
    const args = ffmpegArgs('/rec/a.mkv', 'mkv');
    expect(args.join(' ')).toContain(
      '-nostdin -protocol_whitelist pipe,udp,rtp -listen_timeout 3 -f sdp -i pipe:0 -map 0 -c copy -flush_packets 1 -f matroska',
    );
    expect(args.at(-1)).toBe('/rec/a.mkv');
  });
});
