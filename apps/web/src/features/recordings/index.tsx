import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, apiFetch } from '../../api';
import { useAuth } from '../../auth';
import type { PageProps } from '../../navigation';
import { navigate } from '../../router';
import { textKeyOf, useRecordingsText } from './recordings-text';

interface Marker {
  seq: string;
  type: string;
  offsetMs: number;
  candidateUserId: string | null;
}
interface Segment {
  id: string;
  seq: number;
  status: string;
  durationMs: number | null;
  sha256: string | null;
  problem: string | null;
  playable: boolean;
  markers: Marker[];
}
interface Recording {
  id: string;
  kind: string;
  source: string;
  segments: Segment[];
}
interface Participant {
  userId: string;
  displayName: string;
  role: string;
  recordings: Recording[];
}
interface SessionRecordings {
  session: { id: string; title: string; startsAt: string; endsAt: string };
  candidateParts: {
    candidateUserId: string;
    displayName: string | null;
    from: string;
    to: string | null;
  }[];
  participants: Participant[];
}
interface SessionSummary {
  id: string;
  title: string;
  startsAt: string;
  role?: string;
}
interface Selected {
  segment: Segment;
  recording: Recording;
  participant: Participant;
  url: string;
  mimeType: string;
}

/** /recordings (sessions) and /recordings/<sessionId> (player with timeline markers). */
export default function RecordingsPage({ entry, path }: PageProps) {
  const sessionId = path.slice(entry.path.length + 1).split('/')[0];
  return sessionId ? <SessionRecordingsView sessionId={sessionId} /> : <SessionList />;
}

function SessionList() {
  const { t, formatTime } = useRecordingsText();
  const { state } = useAuth();
  const user = state.status === 'authenticated' ? state.user : null;
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  useEffect(() => {
    const isAdmin = user?.roles.includes('admin') ?? false;
    const load = isAdmin
      ? apiFetch<SessionSummary[] | { items: SessionSummary[] }>('/sessions').then((body) =>
          Array.isArray(body) ? body : body.items,
        )
      : apiFetch<SessionSummary[]>('/my/sessions').then((list) =>
          list.filter((s) => s.role === 'supervisor'),
        );
    load.then(setSessions, () => setSessions([]));
  }, [user]);
  return (
    <section className="page">
      <h1>{t('rec.title')}</h1>
      <p>{t('rec.lead')}</p>
      <h2>{t('rec.sessions')}</h2>
      {sessions === null ? (
        <p>{t('rec.loading')}</p>
      ) : sessions.length === 0 ? (
        <p>{t('rec.noSessions')}</p>
      ) : (
        <ul data-testid="recording-sessions">
          {sessions.map((session) => (
            <li key={session.id}>
              <button type="button" onClick={() => navigate(`/recordings/${session.id}`)}>
                {session.title} · {formatTime(session.startsAt)} · {t('rec.open')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function SessionRecordingsView({ sessionId }: { sessionId: string }) {
  const { t, formatTime } = useRecordingsText();
  const [data, setData] = useState<SessionRecordings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Selected | null>(null);
  const [verify, setVerify] = useState<Record<string, { ok: boolean; problem: string | null }>>({});
  const player = useRef<HTMLVideoElement & HTMLAudioElement>(null);

  useEffect(() => {
    apiFetch<SessionRecordings>(`/sessions/${sessionId}/recordings`).then(setData, (e: unknown) =>
      setError(e instanceof ApiError && e.status === 403 ? t('rec.forbidden') : String(e)),
    );
  }, [sessionId, t]);

  const play = useCallback(
    async (participant: Participant, recording: Recording, segment: Segment) => {
      // The grant is audited and short-lived; the player fetches byte ranges from its URL.
      const grant = await apiFetch<{ url: string; mimeType: string }>(
        `/recordings/segments/${segment.id}/playback`,
        { method: 'POST' },
      );
      setSelected({ participant, recording, segment, url: grant.url, mimeType: grant.mimeType });
    },
    [],
  );

  const seek = (offsetMs: number) => {
    const element = player.current;
    if (!element) return;
    element.currentTime = Math.max(0, offsetMs / 1000);
  };

  const runVerify = async (segment: Segment) => {
    const result = await apiFetch<{ ok: boolean; problem: string | null }>(
      `/recordings/segments/${segment.id}/verify`,
      { method: 'POST' },
    );
    setVerify((current) => ({ ...current, [segment.id]: result }));
  };

  const label = (prefix: 'rec.event' | 'rec.role' | 'rec.source' | 'rec.kind', value: string) => {
    const key = textKeyOf(prefix, value);
    return key ? t(key) : value;
  };

  if (error)
    return (
      <section className="page">
        <p role="alert">{error}</p>
        <button type="button" onClick={() => navigate('/recordings')}>
          {t('rec.back')}
        </button>
      </section>
    );
  if (!data) return <p className="page">{t('rec.loading')}</p>;
  return (
    <section className="page recordings">
      <button type="button" onClick={() => navigate('/recordings')}>
        {t('rec.back')}
      </button>
      <h1>{data.session.title}</h1>
      <p>
        {formatTime(data.session.startsAt)} – {formatTime(data.session.endsAt)}
      </p>
      {selected && (
        <div className="recording-player" data-testid="recording-player">
          <h2>
            {t('rec.playing')}: {selected.participant.displayName} ·{' '}
            {label('rec.source', selected.recording.source)} ·{' '}
            {t('rec.segment', { seq: selected.segment.seq })}
          </h2>
          {selected.recording.kind === 'audio' ? (
            <audio ref={player} src={selected.url} controls preload="metadata" />
          ) : (
            <video
              ref={player}
              src={selected.url}
              controls
              preload="metadata"
              width={640}
              style={{ maxWidth: '100%', background: '#000' }}
            />
          )}
          <h3>{t('rec.markers')}</h3>
          {selected.segment.markers.length === 0 ? (
            <p>{t('rec.noMarkers')}</p>
          ) : (
            <ol data-testid="recording-markers">
              {selected.segment.markers.map((marker) => (
                <li key={marker.seq}>
                  <button
                    type="button"
                    data-offset-ms={marker.offsetMs}
                    onClick={() => seek(marker.offsetMs)}
                  >
                    {formatOffset(marker.offsetMs)} · {label('rec.event', marker.type)}
                  </button>
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
      {data.candidateParts.length > 0 && (
        <>
          <h2>{t('rec.parts')}</h2>
          <ul>
            {data.candidateParts.map((part) => (
              <li key={`${part.candidateUserId}-${part.from}`}>
                {part.displayName ?? part.candidateUserId}: {formatTime(part.from)} –{' '}
                {part.to ? formatTime(part.to) : '…'}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('rec.participants')}</h2>
      {data.participants.length === 0 && <p>{t('rec.empty')}</p>}
      {data.participants.map((participant) => (
        <article key={participant.userId} className="recording-participant">
          <h3>
            {participant.displayName} · {label('rec.role', participant.role)}
          </h3>
          {participant.recordings.map((recording) => (
            <ul key={recording.id}>
              {recording.segments.map((segment) => (
                <li key={segment.id} data-segment-id={segment.id}>
                  {label('rec.kind', recording.kind)} · {label('rec.source', recording.source)} ·{' '}
                  {t('rec.segment', { seq: segment.seq })}
                  {segment.durationMs !== null &&
                    ` · ${t('rec.duration', { seconds: (segment.durationMs / 1000).toFixed(1) })}`}{' '}
                  {segment.playable ? (
                    <>
                      <button
                        type="button"
                        onClick={() => void play(participant, recording, segment)}
                      >
                        {t('rec.play')}
                      </button>{' '}
                      <button type="button" onClick={() => void runVerify(segment)}>
                        {t('rec.verify')}
                      </button>
                    </>
                  ) : (
                    <span>{t('rec.notReady', { status: segment.status })}</span>
                  )}
                  {segment.problem && (
                    <span role="status"> {t('rec.problem', { problem: segment.problem })}</span>
                  )}
                  {verify[segment.id] && (
                    <span role="status">
                      {' '}
                      {verify[segment.id].ok
                        ? t('rec.verified')
                        : t('rec.verifyFailed', { problem: verify[segment.id].problem ?? '' })}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          ))}
        </article>
      ))}
    </section>
  );
}

function formatOffset(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(total / 60);
  return `${minutes}:${String(total % 60).padStart(2, '0')}`;
}
