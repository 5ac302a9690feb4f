import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { ApiError } from '../../api';
import type {
  ClientToServerEvents,
  RoomError,
  RoomErrorCode,
  ServerToClientEvents,
} from '../../../../../libs/contracts/src/room';

export type SignalingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface SessionSocketOptions {
  /** The media node the first pass names. */
  mediaUrl: string;
  /** The pass for the first connection. */
  token: string;
  /**
   * A fresh pass from the api, asked for on every reconnection (the first one may have expired).
   * With several media nodes, each pass also names the node that holds the session now.
   */
  renew?: () => Promise<{ token: string; mediaUrl?: string }>;
  /** The rest of the handshake: session id, locale, connection mode. */
  handshake: Record<string, unknown>;
  /** The media node turned the socket away for good; socket.io does not retry a refusal. */
  onRefused: (error: RoomError | null) => void;
}

export interface SessionSocket {
  socket: SignalingSocket;
  /** Closes the socket and stops any retry this module scheduled. */
  close(): void;
}

/**
 * Door refusals a fresh pass can cure: the one presented had expired, or named a media node
 * that no longer holds the session (the fresh pass names the one that does).
 */
const PASS_REFUSALS: ReadonlySet<RoomErrorCode> = new Set([
  'UNAUTHENTICATED',
  'ROOM_TOKEN_INVALID',
  'ROOM_MOVED',
]);
/** Waits before presenting a fresh pass again after such a refusal; then the refusal stands. */
const PASS_RETRY_MS = [500, 2000, 5000, 10_000];
/** A pass the api issued this recently is presented as it is rather than asked for again. */
const FRESH_MS = 5000;

/** The api will not issue a pass (no longer in the session, window closed): asking again is useless. */
const apiRefuses = (error: unknown) =>
  error instanceof ApiError &&
  error.status >= 400 &&
  error.status < 500 &&
  error.status !== 408 &&
  error.status !== 429;

/**
 * A signaling socket to the media node that holds a session, that follows the session when it
 * moves. Passes live minutes, interviews longer: each reconnection presents a fresh pass from the
 * api. With several media nodes, a session whose node died is re-placed on a live node and the
 * api's next pass names it: when the socket cannot reach its node, the api is asked for a pass
 * again and socket.io's next attempt (with its back-off, 0.3 to 2 s) goes to the node it names.
 * A pass refused at the door (expired) is replaced by a fresh one a few times, with back-off.
 * Not connected yet: the caller adds its listeners, then calls `socket.connect()`.
 */
export function openSessionSocket(options: SessionSocketOptions): SessionSocket {
  const { renew } = options;
  let token = options.token;
  let freshAt = 0;
  /** The page's first pass has been presented: every later attempt presents a fresh one. */
  let presented = false;
  let asking: Promise<void> | null = null;
  let apiRefused = false;
  let passRetries = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const socket: SignalingSocket = io(options.mediaUrl, {
    path: '/socket.io',
    transports: ['websocket'],
    autoConnect: false,
    // Its own manager: pointing it at another node must not move anyone else's socket.
    forceNew: true,
    reconnectionDelay: 300,
    reconnectionDelayMax: 2000,
    // Asked on every (re)connection, so a blip late in an interview presents a live pass.
    auth: (send) => void livePass().then((pass) => send({ ...options.handshake, token: pass })),
  });

  /** Points socket.io's next (re)connection at the node the api named: the manager opens its `uri`. */
  const follow = (mediaUrl: string | undefined) => {
    const manager = socket.io as unknown as { uri: string };
    if (mediaUrl && manager.uri !== mediaUrl) manager.uri = mediaUrl;
  };

  /** Asks the api for a fresh pass, one request at a time. */
  const ask = (): Promise<void> => {
    if (!renew) return Promise.resolve();
    asking ??= renew()
      .then((pass) => {
        token = pass.token;
        freshAt = Date.now();
        apiRefused = false;
        follow(pass.mediaUrl);
      })
      .catch((error: unknown) => {
        // Unreachable: the next attempt asks again. Refused: the media node will say why.
        apiRefused = apiRefuses(error);
      })
      .finally(() => {
        asking = null;
      });
    return asking;
  };

  /** The pass to present: the page's first one, then a fresh one for each reconnection. */
  const livePass = async (): Promise<string> => {
    if (presented && Date.now() - freshAt > FRESH_MS) await ask();
    presented = true;
    return token;
  };

  socket.on('connect', () => {
    passRetries = 0;
  });
  socket.on('disconnect', (reason) => {
    // The media node cut this socket (its pass expired: `tokenExpired`): socket.io does not retry
    // a server-side disconnect by itself. Come back with a fresh pass.
    if (reason === 'io server disconnect' && !closed) socket.connect();
  });
  socket.on('connect_error', (error: Error & { data?: RoomError }) => {
    if (closed) return;
    if (socket.active) {
      // Not answering (the node may have died): find out where the session is now.
      void ask();
      return;
    }
    const refusal = error.data ?? null;
    const curable = refusal !== null && PASS_REFUSALS.has(refusal.code);
    if (renew && curable && !apiRefused && passRetries < PASS_RETRY_MS.length) {
      // The pass just presented is no good, however new: the next attempt asks for another.
      freshAt = 0;
      retryTimer = setTimeout(() => {
        if (!closed) socket.connect();
      }, PASS_RETRY_MS[passRetries++]);
      return;
    }
    options.onRefused(refusal);
  });

  return {
    socket,
    close() {
      closed = true;
      clearTimeout(retryTimer);
      socket.close();
    },
  };
}
