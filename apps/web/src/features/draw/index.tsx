import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { apiFetch } from '../../api';
import { beijingTime } from '../../beijing-time';
import { useAuth } from '../../auth';
import type { PageProps } from '../../navigation';
import { Link } from '../../router';
import { useQuestionText } from '../question-bank/text';

interface SessionEntry {
  id: string;
  title: string;
  startsAt: string;
  role: string;
}
interface DrawState {
  sessionId: string;
  commitment: string;
  supervisorValue: { value: string; enteredAt: string } | null;
  drawn: boolean;
  set: { id: string; code: string; title: string; questionCount: number } | null;
}
interface Timer {
  timeAllowedSeconds: number;
  revealedAt: string;
  endsAt: string;
  warningAt: string;
}
interface Guidance {
  referencePoints: string[];
  bands: { label: string; min: number; max: number; description?: string }[];
}
type QuestionsView =
  | {
      audience: 'candidate';
      drawn: boolean;
      questions: (Timer & { index: number; text: string })[];
    }
  | {
      audience: 'panel';
      drawn: boolean;
      questions: {
        index: number;
        text: string;
        dimensions: string[];
        timeAllowedSeconds: number;
        guidance: Guidance;
      }[];
      reveals: (Timer & { candidateUserId: string; index: number })[];
    };

function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(id);
  }, [intervalMs]);
  return now;
}

function Countdown({ timer }: { timer: Timer }) {
  const { t } = useQuestionText();
  const now = useNow();
  const left = Math.max(0, Math.ceil((Date.parse(timer.endsAt) - now) / 1000));
  const warning = now >= Date.parse(timer.warningAt);
  const time = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  return (
    <span
      className={warning ? 'countdown warning' : 'countdown'}
      data-testid="countdown"
      data-warning={warning}
    >
      {left === 0 ? t('draw.timeUp') : t('draw.remaining', { time })}
      {warning && left > 0 ? ` · ${t('draw.warning')}` : ''}
    </span>
  );
}

function SessionDraw({ sessionId }: { sessionId: string }) {
  const { t } = useQuestionText();
  const [state, setState] = useState<DrawState | null>(null);
  const [questions, setQuestions] = useState<QuestionsView | null>(null);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [role, setRole] = useState<string | null>(null);

  const refresh = useCallback(() => {
    apiFetch<DrawState>(`/sessions/${sessionId}/question-draw`).then(setState, (e: Error) =>
      setError(e.message),
    );
    apiFetch<QuestionsView>(`/sessions/${sessionId}/questions`).then(setQuestions, () =>
      setQuestions(null),
    );
  }, [sessionId]);
  useEffect(() => {
    refresh();
    // Without the room connection, a short poll keeps the view current (and recovers after reconnects).
    const id = window.setInterval(refresh, 5000);
    return () => window.clearInterval(id);
  }, [refresh]);
  useEffect(() => {
    apiFetch<SessionEntry[]>('/my/sessions').then(
      (entries) => setRole(entries.find((e) => e.id === sessionId)?.role ?? null),
      () => setRole(null),
    );
  }, [sessionId]);

  async function act(path: string, body: object) {
    setError(null);
    try {
      await apiFetch(path, { method: 'POST', body });
      refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  function onValue(event: FormEvent) {
    event.preventDefault();
    void act(`/sessions/${sessionId}/question-draw/supervisor-value`, { value });
  }

  return (
    <div className="page" data-testid="question-draw">
      <header className="page-header">
        <h1>{t('draw.title')}</h1>
      </header>
      {error && <p role="alert">{error}</p>}
      {state && (
        <section className="card">
          <p>
            {t('draw.commitment')}: <code>{state.commitment}</code>
          </p>
          <p>
            {t('draw.supervisorValue')}: {state.supervisorValue?.value ?? t('draw.notEntered')}
          </p>
          {role === 'supervisor' && !state.supervisorValue && !state.drawn && (
            <form onSubmit={onValue}>
              <input
                aria-label={t('draw.enterValue')}
                placeholder={t('draw.enterValue')}
                maxLength={100}
                value={value}
                onChange={(e) => setValue(e.target.value)}
              />{' '}
              <button type="submit" disabled={!value}>
                {t('draw.submitValue')}
              </button>
            </form>
          )}
          <p>
            {state.drawn ? t('draw.drawn') : t('draw.notDrawn')}
            {state.set && ` · ${t('draw.set')}: ${state.set.code} ${state.set.title}`}
          </p>
          {role === 'chief_examiner' && !state.drawn && (
            <button
              type="button"
              disabled={!state.supervisorValue}
              onClick={() => void act(`/sessions/${sessionId}/question-draw`, {})}
            >
              {t('draw.drawButton')}
            </button>
          )}
          {role === 'chief_examiner' && state.drawn && (
            <button
              type="button"
              onClick={() => void act(`/sessions/${sessionId}/questions/next`, {})}
            >
              {t('draw.nextQuestion')}
            </button>
          )}
          {state.drawn && (
            <p>
              <Link to={`/draws/${sessionId}`}>{t('draw.publicRecord')}</Link>
            </p>
          )}
        </section>
      )}
      {questions && (
        <section className="card">
          <h2>{t('draw.questions')}</h2>
          {questions.questions.length === 0 && <p>{t('draw.noQuestions')}</p>}
          <ol>
            {questions.audience === 'candidate'
              ? questions.questions.map((q) => (
                  <li key={q.index} value={q.index + 1}>
                    <p>{q.text}</p>
                    <p>
                      {t('draw.timeAllowed', { minutes: q.timeAllowedSeconds / 60 })} ·{' '}
                      <Countdown timer={q} />
                    </p>
                  </li>
                ))
              : questions.questions.map((q) => {
                  const reveal = [...questions.reveals].reverse().find((r) => r.index === q.index);
                  return (
                    <li key={q.index}>
                      <p>{q.text}</p>
                      <p>
                        {t('draw.timeAllowed', { minutes: q.timeAllowedSeconds / 60 })}
                        {reveal && (
                          <>
                            {' · '}
                            <Countdown timer={reveal} />
                          </>
                        )}
                      </p>
                      <p>
                        {t('draw.dimensions')}: {q.dimensions.join('、')}
                      </p>
                      <details>
                        <summary>{t('draw.referencePoints')}</summary>
                        <ul>
                          {q.guidance.referencePoints.map((point) => (
                            <li key={point}>{point}</li>
                          ))}
                        </ul>
                        <p>{t('draw.bands')}</p>
                        <ul>
                          {q.guidance.bands.map((band) => (
                            <li key={band.label}>
                              {band.label} {band.min}–{band.max} {band.description ?? ''}
                            </li>
                          ))}
                        </ul>
                      </details>
                    </li>
                  );
                })}
          </ol>
        </section>
      )}
    </div>
  );
}

/** /question-draw lists the user's sessions; /question-draw/:sessionId runs or follows the draw. */
export default function QuestionDrawPage({ entry, path }: PageProps) {
  const { t, locale } = useQuestionText();
  const { state } = useAuth();
  const [sessions, setSessions] = useState<SessionEntry[] | null>(null);
  const sessionId = path.slice(entry.path.length + 1);
  const isCandidate = state.status === 'authenticated' && state.user.roles.includes('candidate');

  useEffect(() => {
    if (sessionId) return;
    const url = isCandidate ? '/my/interviews' : '/my/sessions';
    apiFetch<(SessionEntry & { sessionId?: string })[]>(url).then(
      (rows) => setSessions(rows.map((row) => ({ ...row, id: row.sessionId ?? row.id }))),
      () => setSessions([]),
    );
  }, [sessionId, isCandidate]);

  if (sessionId) return <SessionDraw sessionId={sessionId} />;
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('draw.mySessions')}</h1>
      </header>
      {sessions?.length === 0 && <p>{t('draw.noSessions')}</p>}
      <ul className="card-grid">
        {sessions?.map((s) => (
          <li key={s.id}>
            <Link to={`${entry.path}/${s.id}`} className="card">
              {s.title} · {beijingTime(s.startsAt, locale)}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
