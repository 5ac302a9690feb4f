/** Network figures of a send transport, read from WebRTC getStats through the SFU. */
export interface NetworkFigures {
  rttMs: number | null;
  lossPercent: number | null;
  bitrateKbps: number | null;
}

interface Sample {
  at: number;
  bytesSent: number;
  packetsSent: number;
  packetsLost: number;
  rtt: number | null;
}

export function sample(report: RTCStatsReport): Sample {
  let bytesSent = 0;
  let packetsSent = 0;
  let packetsLost = 0;
  let rtt: number | null = null;
  report.forEach((entry: Record<string, unknown>) => {
    const num = (key: string) => (typeof entry[key] === 'number' ? (entry[key] as number) : 0);
    if (entry.type === 'outbound-rtp') {
      bytesSent += num('bytesSent');
      packetsSent += num('packetsSent');
    }
    if (entry.type === 'remote-inbound-rtp') packetsLost += Math.max(0, num('packetsLost'));
    if (
      entry.type === 'candidate-pair' &&
      entry.nominated &&
      typeof entry.currentRoundTripTime === 'number'
    )
      rtt = entry.currentRoundTripTime;
  });
  return { at: performance.now(), bytesSent, packetsSent, packetsLost, rtt };
}

/** RTT from the ICE candidate pair, loss from the SFU's receiver reports, bitrate from bytes sent. */
export function figures(first: Sample, last: Sample): NetworkFigures {
  const seconds = (last.at - first.at) / 1000;
  const sent = last.packetsSent - first.packetsSent;
  const lost = last.packetsLost - first.packetsLost;
  return {
    rttMs: last.rtt === null ? null : Math.round(last.rtt * 1000),
    lossPercent:
      sent > 0 ? Math.round((Math.max(0, lost) / (sent + Math.max(0, lost))) * 1000) / 10 : null,
    bitrateKbps:
      seconds > 0 ? Math.round(((last.bytesSent - first.bytesSent) * 8) / seconds / 1000) : null,
  };
}
