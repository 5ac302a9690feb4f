import type { RoomDevice, RoomRole } from '@yunzhao/contracts';
import type { types as ms } from 'mediasoup';

/** Who a connection is, as its room token says. */
export interface PeerIdentity {
  userId: string;
  name: string;
  role: RoomRole;
  device: RoomDevice;
  slot?: number;
}

/**
 * One connection in a room and the mediasoup objects it owns. Ownership is
 * what cleanup follows: closing a transport closes its producers and
 * consumers, and the maps forget them through their close events.
 */
export class Peer {
  readonly transports = new Map<string, ms.WebRtcTransport>();
  readonly producers = new Map<string, ms.Producer>();
  /** Keyed by the producer consumed, so each producer is consumed at most once. */
  readonly consumersByProducer = new Map<string, ms.Consumer>();
  rtpCapabilities: ms.RtpCapabilities | undefined;
  /** The client has a recv transport and may be sent consumers. */
  ready = false;
  /** Connection dropped: the peer is kept for a grace period in case it comes back. */
  goneTimer: NodeJS.Timeout | undefined;
  readonly iceTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    readonly id: string,
    public socketId: string,
    readonly identity: PeerIdentity,
  ) {}

  get key(): string {
    return peerKey(this.identity);
  }

  recvTransport(): ms.WebRtcTransport | undefined {
    return [...this.transports.values()].find(
      (transport) => (transport.appData as { direction?: string }).direction === 'recv',
    );
  }

  consumer(consumerId: string): ms.Consumer | undefined {
    return [...this.consumersByProducer.values()].find((c) => c.id === consumerId);
  }

  /** Closes every transport (and with them every producer and consumer). */
  closeMedia(): void {
    for (const timer of this.iceTimers.values()) clearTimeout(timer);
    this.iceTimers.clear();
    for (const transport of this.transports.values()) transport.close();
    this.transports.clear();
    this.producers.clear();
    this.consumersByProducer.clear();
    this.ready = false;
  }
}

/** One peer per person and device: a reconnecting socket takes over its own peer. */
export const peerKey = (identity: Pick<PeerIdentity, 'userId' | 'device'>): string =>
  `${identity.userId}:${identity.device}`;
