/**
 * The media-node registry in Redis, shared by the media nodes (who write it) and the api (who
 * places sessions with it). Everything lives under the deployment's REDIS_KEY_PREFIX:
 *
 * - `<prefix>:media:nodes`                a set of node ids ever seen (pruned by readers)
 * - `<prefix>:media:node:<id>`            the node's latest heartbeat (JSON), expires after
 *                                         MEDIA_NODE_TTL_MS: a node whose key is gone is dead
 * - `<prefix>:media:node:<id>:placed`     sorted set of session ids placed on the node, scored
 *                                         by the placement's expiry (ms since epoch)
 * - `<prefix>:media:placement:<session>`  the node id a session is placed on (set-if-absent)
 */
export const mediaClusterKeys = (prefix: string) => ({
  nodes: `${prefix}:media:nodes`,
  node: (nodeId: string) => `${prefix}:media:node:${nodeId}`,
  placed: (nodeId: string) => `${prefix}:media:node:${nodeId}:placed`,
  placement: (sessionId: string) => `${prefix}:media:placement:${sessionId}`,
});

/** How often a media node writes its heartbeat. */
export const MEDIA_NODE_HEARTBEAT_MS = 2000;
/**
 * A node silent this long is dead: its key expires and its sessions move. Five missed beats, so
 * a node stalled by a busy machine or a Redis reconnect is not mistaken for a dead one.
 */
export const MEDIA_NODE_TTL_MS = 10_000;
/** A placement outlives its last token request or room heartbeat by this long. */
export const MEDIA_PLACEMENT_TTL_MS = 4 * 3600_000;

/** What a media node says about itself in each heartbeat. */
export interface MediaNodeRecord {
  id: string;
  /** Where browsers reach its socket.io signaling. */
  url: string;
  /** Live mediasoup workers (its capacity: one per core). */
  workers: number;
  /** Open rooms (one router each). */
  rooms: number;
  /** One-minute load average divided by the CPU count. */
  cpu: number;
  /** ms since epoch. */
  at: number;
}

export function parseNodeRecord(raw: string | null): MediaNodeRecord | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<MediaNodeRecord>;
    if (typeof value.id !== 'string' || typeof value.url !== 'string') return null;
    return {
      id: value.id,
      url: value.url,
      workers: Math.max(1, Number(value.workers) || 1),
      rooms: Math.max(0, Number(value.rooms) || 0),
      cpu: Math.max(0, Number(value.cpu) || 0),
      at: Number(value.at) || 0,
    };
  } catch {
    return null;
  }
}
