import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import type { Participant, RoomSnapshot } from '../../../../../libs/contracts/src/room';
import { MediaTile } from './MediaTile';
import type { RemoteTrack, RoomClient } from './room-client';
import { RoomRequestError } from './room-client';
import { createSideCameraLink } from './room-access';
import { useRoomText } from './room-text';

/** Remote tracks grouped per connection (a candidate's main and side cameras are two). */
export interface RemotePeer {
  peerId: string;
  userId: string;
  role: RemoteTrack['role'];
  side: boolean;
  tracks: RemoteTrack[];
}

export function groupByPeer(remote: RemoteTrack[]): RemotePeer[] {
  const peers = new Map<string, RemotePeer>();
  for (const track of remote) {
    const peer = peers.get(track.peerId) ?? {
      peerId: track.peerId,
      userId: track.userId,
      role: track.role,
      side: false,
      tracks: [],
    };
    peer.tracks.push(track);
    peer.side ||= track.source === 'side';
    peers.set(track.peerId, peer);
  }
  return [...peers.values()];
}

function nameOf(room: RoomSnapshot, peer: RemotePeer): string {
  return room.participants.find((p) => p.peerId === peer.peerId)?.name ?? peer.role;
}

function Elapsed({ since }: { since: string }) {
  const { t } = useRoomText();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  const mmss = `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
  return (
    <div className="room-timer" role="timer" aria-label={t('room.timer')}>
      {t('room.timer')} <strong>{mmss}</strong>
    </div>
  );
}

function Tiles({
  room,
  peers,
  size,
  testId,
}: {
  room: RoomSnapshot;
  peers: RemotePeer[];
  size?: 'large' | 'normal' | 'small';
  testId: string;
}) {
  const { t } = useRoomText();
  return (
    <>
      {peers.map((peer) => (
        <MediaTile
          key={peer.peerId}
          label={peer.side ? `${nameOf(room, peer)} · ${t('room.sideCamera')}` : nameOf(room, peer)}
          tracks={peer.tracks}
          size={size}
          testId={testId}
        />
      ))}
    </>
  );
}

export interface ViewProps {
  room: RoomSnapshot;
  remote: RemoteTrack[];
  local: MediaStream | null;
  client: RoomClient | null;
}

const isPanelRole = (role: string) =>
  role === 'chief_examiner' || role === 'examiner' || role === 'score_clerk';

function SideCameraQr({ sessionId }: { sessionId: string }) {
  const { t } = useRoomText();
  const [qr, setQr] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function create() {
    setError(null);
    try {
      const link = await createSideCameraLink(sessionId);
      setQr(
        await QRCode.toDataURL(new URL(link.url, window.location.origin).toString(), {
          margin: 1,
          width: 200,
        }),
      );
    } catch (e) {
      setError(t('room.sideCameraFailed', { message: e instanceof Error ? e.message : String(e) }));
    }
  }
  return (
    <section className="room-card">
      <button type="button" className="button" onClick={() => void create()}>
        {t('room.addSideCamera')}
      </button>
      {qr ? (
        <div className="room-qr">
          <img src={qr} alt={t('room.sideCameraHint')} data-testid="side-camera-qr" />
          <p>{t('room.sideCameraHint')}</p>
        </div>
      ) : null}
      {error ? <p role="alert">{error}</p> : null}
    </section>
  );
}

export function CandidateView({ room, remote, local }: ViewProps) {
  const { t } = useRoomText();
  const peers = groupByPeer(remote);
  const area = room.self.area;
  const ownSide = room.participants.some(
    (p) => p.userId === room.self.userId && p.device === 'side',
  );
  return (
    <div className="room-layout" data-area={area}>
      {area === 'waiting' ? (
        <section className="room-notice" data-testid="waiting-notice">
          <h2>{t('room.waiting.title')}</h2>
          <p>{t('room.waiting.body')}</p>
          {room.focusUserId ? (
            <p className="room-notice__strong">{t('room.waiting.checking')}</p>
          ) : null}
        </section>
      ) : null}
      {area === 'done' ? (
        <section className="room-notice" data-testid="done-notice">
          <h2>{t('room.done.title')}</h2>
          <p>{t('room.done.body')}</p>
        </section>
      ) : null}
      {area === 'interview' && room.turn ? <Elapsed since={room.turn.startedAt} /> : null}
      <div className="room-grid" data-testid="panel-grid">
        <Tiles room={room} peers={peers} testId="remote-tile" />
      </div>
      <div className="room-self">
        <MediaTile label={room.self.name} stream={local} self size="small" testId="self-tile" />
      </div>
      {!room.mock && area !== 'done' && !ownSide ? (
        <SideCameraQr sessionId={room.sessionId} />
      ) : null}
    </div>
  );
}

function useAction(client: RoomClient | null) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(work: (client: RoomClient) => Promise<unknown>) {
    if (!client) return;
    setBusy(true);
    setError(null);
    try {
      await work(client);
    } catch (e) {
      setError(e instanceof RoomRequestError || e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  return { error, busy, run };
}

function ChiefControls({ room, client }: { room: RoomSnapshot; client: RoomClient | null }) {
  const { t } = useRoomText();
  const { error, busy, run } = useAction(client);
  const waiting = room.participants
    .filter((p) => p.role === 'candidate' && p.device === 'main' && p.area === 'waiting')
    .sort((a, b) => (a.slot ?? 0) - (b.slot ?? 0));
  const inInterview = room.participants.find(
    (p) => p.role === 'candidate' && p.area === 'interview',
  );
  return (
    <section className="room-card room-controls" aria-label={t('room.queue')}>
      <div className="room-controls__buttons">
        <button
          type="button"
          className="button"
          disabled={busy || !!inInterview || waiting.length === 0}
          onClick={() => void run((c) => c.request('callIn', {}))}
        >
          {t('room.callNext')}
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={busy || !inInterview}
          onClick={() => void run((c) => c.request('sendBack', {}))}
        >
          {t('room.sendBack')}
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={busy || !room.turn}
          onClick={() => void run((c) => c.request('endTurn', {}))}
        >
          {t('room.endTurn')}
        </button>
      </div>
      {error ? <p role="alert">{error}</p> : null}
      <h3>{t('room.queue')}</h3>
      {waiting.length === 0 ? <p>{t('room.queueEmpty')}</p> : null}
      <ol className="room-queue" data-testid="waiting-queue">
        {waiting.map((p) => (
          <li key={p.peerId}>
            {p.slot !== undefined ? `${t('room.slot', { slot: p.slot })} ` : ''}
            {p.name}
            <button
              type="button"
              className="button button--small"
              disabled={busy || !!inInterview}
              onClick={() => void run((c) => c.request('callIn', { candidateUserId: p.userId }))}
            >
              {t('room.callIn')}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function PanelView({ room, remote, local, client }: ViewProps) {
  const { t } = useRoomText();
  const peers = groupByPeer(remote);
  const candidate = peers.filter((p) => p.role === 'candidate');
  const panel = peers.filter((p) => isPanelRole(p.role));
  return (
    <div className="room-layout">
      {room.turn ? <Elapsed since={room.turn.startedAt} /> : null}
      <section className="room-stage" aria-label={t('room.candidate')}>
        {candidate.length === 0 ? <p className="room-empty">{t('room.noCandidate')}</p> : null}
        <Tiles
          room={room}
          peers={candidate.filter((p) => !p.side)}
          size="large"
          testId="candidate-tile"
        />
        <Tiles room={room} peers={candidate.filter((p) => p.side)} testId="candidate-side-tile" />
      </section>
      <section className="room-grid" aria-label={t('room.panel')}>
        <Tiles room={room} peers={panel} size="small" testId="panel-tile" />
        <MediaTile label={room.self.name} stream={local} self size="small" testId="self-tile" />
      </section>
      {room.self.role === 'chief_examiner' ? <ChiefControls room={room} client={client} /> : null}
    </div>
  );
}

export function SupervisorView({ room, remote }: ViewProps) {
  const { t } = useRoomText();
  const peers = groupByPeer(remote);
  const areaOfPeer = (peer: RemotePeer): Participant['area'] | undefined =>
    room.participants.find((p) => p.peerId === peer.peerId)?.area;
  const interview = peers.filter((p) => areaOfPeer(p) === 'interview' || isPanelRole(p.role));
  const waiting = peers.filter((p) => !interview.includes(p));
  return (
    <div className="room-layout">
      <p className="room-notice">{t('room.supervising')}</p>
      {room.turn ? <Elapsed since={room.turn.startedAt} /> : null}
      <h3>{t('room.area.interview')}</h3>
      <div className="room-grid">
        <Tiles room={room} peers={interview} testId="supervised-tile" />
      </div>
      <h3>{t('room.area.waiting')}</h3>
      <div className="room-grid">
        <Tiles room={room} peers={waiting} testId="supervised-tile" />
      </div>
    </div>
  );
}

export function ProctorView({ room, remote, local, client }: ViewProps) {
  const { t } = useRoomText();
  const { error, busy, run } = useAction(client);
  const waiting = room.participants
    .filter((p) => p.role === 'candidate' && p.device === 'main' && p.area === 'waiting')
    .sort((a, b) => (a.slot ?? 0) - (b.slot ?? 0));
  return (
    <div className="room-layout">
      <p>{t('room.proctorHint')}</p>
      <ol className="room-queue" data-testid="waiting-queue">
        {waiting.map((p) => (
          <li key={p.peerId}>
            {p.slot !== undefined ? `${t('room.slot', { slot: p.slot })} ` : ''}
            {p.name}
            <button
              type="button"
              className="button button--small"
              disabled={busy || room.focusUserId === p.userId}
              onClick={() =>
                void run((c) => c.request('focusCandidate', { candidateUserId: p.userId }))
              }
            >
              {t('room.checkIdentity')}
            </button>
          </li>
        ))}
      </ol>
      {room.focusUserId ? (
        <button
          type="button"
          className="button button--secondary"
          disabled={busy}
          onClick={() => void run((c) => c.request('focusCandidate', { candidateUserId: null }))}
        >
          {t('room.endCheck')}
        </button>
      ) : null}
      {error ? <p role="alert">{error}</p> : null}
      <div className="room-grid">
        <Tiles room={room} peers={groupByPeer(remote)} size="large" testId="checked-tile" />
        <MediaTile label={room.self.name} stream={local} self size="small" testId="self-tile" />
      </div>
    </div>
  );
}
