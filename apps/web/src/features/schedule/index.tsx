import { useEffect, useState } from 'react';
import { ApiError, apiFetch } from '../../api';
import type { PageProps } from '../../navigation';
import { navigate } from '../../router';
import { roleText, useSessionsText } from '../sessions/sessions-text';
import '../sessions/sessions.css';

interface ScheduleEntry {
  id: string;
  title: string;
  categoryCode: string;
  startsAt: string;
  endsAt: string;
  joinOpensAt: string;
  joinClosesAt: string;
  /** Staff: their part. Candidates: absent. */
  role?: string;
  /** Candidates: their place in the order, once drawn. */
  slot?: number | null;
}

interface CandidateInterview extends Omit<ScheduleEntry, 'id'> {
  sessionId: string;
}

/**
 * /schedule (examiners, chief, clerk, supervisors, proctors) and /interviews (candidates):
 * the caller's sessions with an "enter" button. /schedule/:id and /interviews/:id (the links in
 * invitations) highlight that session.
 */
export default function SchedulePage({ entry, path }: PageProps) {
  const { t, formatTime } = useSessionsText();
  const isCandidate = entry.path === '/interviews';
  const highlighted = /\/([0-9a-f-]{36})$/i.exec(path)?.[1];
  const [entries, setEntries] = useState<ScheduleEntry[] | null>(null);
  const [error, setError] = useState<{ id: string | null; text: string } | null>(null);
  const [entering, setEntering] = useState<string | null>(null);

  useEffect(() => {
    const request = isCandidate
      ? apiFetch<CandidateInterview[]>('/my/interviews').then((list) =>
          list.map(({ sessionId, ...rest }) => ({ id: sessionId, ...rest })),
        )
      : apiFetch<ScheduleEntry[]>('/my/sessions');
    request
      .then(setEntries)
      .catch((e: unknown) =>
        setError({ id: null, text: e instanceof Error ? e.message : String(e) }),
      );
  }, [isCandidate]);

  /** Asks for a room token first, so a closed window is explained here, not in the room. */
  async function enter(sessionId: string) {
    setEntering(sessionId);
    setError(null);
    try {
      await apiFetch(`/sessions/${sessionId}/room-token`, {
        method: 'POST',
        body: { device: 'main' },
      });
      navigate(`/room/${sessionId}`);
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      // A closed room: say when it opens (the api names the window in `details`).
      const window = entries?.find((s) => s.id === sessionId);
      const outside = e instanceof ApiError && e.code === 'SESSION_OUTSIDE_JOIN_WINDOW' && window;
      setError({
        id: sessionId,
        text: outside
          ? `${text}（${t('schedule.window', {
              from: formatTime(window.joinOpensAt),
              to: formatTime(window.joinClosesAt),
            })}）`
          : text,
      });
    } finally {
      setEntering(null);
    }
  }

  return (
    <section>
      <header className="page-header">
        <h1>{t(isCandidate ? 'schedule.candidateTitle' : 'schedule.staffTitle')}</h1>
        <p className="page-lead">
          {t(isCandidate ? 'schedule.candidateLead' : 'schedule.staffLead')}
        </p>
      </header>
      {error?.id === null && <p className="notice notice-error">{error.text}</p>}
      {entries === null && !error && <p>{t('common.loading')}</p>}
      {entries?.length === 0 && <p className="notice notice-info">{t('schedule.empty')}</p>}
      <ul className="sz-cards">
        {entries?.map((s) => (
          <li key={s.id} className="sz-card" data-highlight={s.id === highlighted}>
            <h2>
              {s.title} <span className="badge">{s.categoryCode}</span>
            </h2>
            <p>
              {formatTime(s.startsAt)} – {formatTime(s.endsAt)}
            </p>
            {s.role && <p>{t('schedule.role', { role: t(roleText(s.role)) })}</p>}
            {isCandidate && (
              <p>{s.slot ? t('schedule.slot', { slot: s.slot }) : t('schedule.slotPending')}</p>
            )}
            <p className="sz-muted">
              {t('schedule.window', {
                from: formatTime(s.joinOpensAt),
                to: formatTime(s.joinClosesAt),
              })}
            </p>
            {error?.id === s.id && (
              <p className="notice notice-error" role="alert">
                {error.text}
              </p>
            )}
            <button
              type="button"
              className="button button-primary"
              disabled={entering !== null}
              onClick={() => void enter(s.id)}
            >
              {entering === s.id ? t('schedule.entering') : t('schedule.enter')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
