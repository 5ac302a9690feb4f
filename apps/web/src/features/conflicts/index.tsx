import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError, apiFetch } from '../../api';
import { useAuth } from '../../auth';
import type { SessionsTextKey } from '../sessions/sessions-text';
import { useSessionsText } from '../sessions/sessions-text';
import '../sessions/sessions.css';

interface Person {
  userId: string;
  username: string;
  displayName: string;
}

interface StaffSession {
  id: string;
  title: string;
  categoryCode: string;
  startsAt: string;
  endsAt: string;
  role: string;
}

interface SessionView {
  id: string;
  slots: { position: number; applicationId: string; candidate: Person }[];
  orderDraw: { drawn: boolean };
}

interface RecusalView {
  id: string;
  examiner: Person;
  candidate: Person;
  reason: Reason;
  note: string | null;
  createdAt: string;
}

const REASONS = ['same_institution', 'relative', 'other'] as const;
type Reason = (typeof REASONS)[number];
/** Only the scoring members of a panel declare conflicts (a recused examiner does not score). */
const SCORING = ['chief_examiner', 'examiner'];

const reasonKey = (reason: Reason) => `reason.${reason}` as SessionsTextKey;

// Candidates' account names come masked from the api (GET /sessions/:id for panel members).

function SessionConflicts({ session, me }: { session: StaffSession; me: string }) {
  const { t, formatTime } = useSessionsText();
  const [detail, setDetail] = useState<SessionView | null>(null);
  const [recusals, setRecusals] = useState<RecusalView[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [form, setForm] = useState({ candidateId: '', reason: '' as Reason | '', note: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    Promise.all([
      apiFetch<SessionView>(`/sessions/${session.id}`),
      apiFetch<RecusalView[]>(`/sessions/${session.id}/recusals`),
    ])
      .then(([s, r]) => {
        setDetail(s);
        setRecusals(r);
      })
      .catch((e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)));
  }, [session.id]);
  useEffect(load, [load]);

  const mine = recusals.filter((r) => r.examiner.userId === me);
  const declaredFor = (candidateId: string) => mine.find((r) => r.candidate.userId === candidateId);
  const errorsOf = (field: string) => error?.messagesFor(field) ?? [];

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const saved = await apiFetch<RecusalView>(`/sessions/${session.id}/recusals`, {
        method: 'POST',
        body: {
          candidateId: form.candidateId,
          reason: form.reason,
          ...(form.note.trim() ? { note: form.note.trim() } : {}),
        },
      });
      setDone(
        t('conflicts.submitted', {
          candidate: saved.candidate.displayName,
          reason: t(reasonKey(saved.reason)),
        }),
      );
      setForm({ candidateId: '', reason: '', note: '' });
      load();
    } catch (e) {
      setError(
        e instanceof ApiError
          ? e
          : new ApiError(0, 'UNKNOWN', e instanceof Error ? e.message : String(e)),
      );
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (field: string) => {
    const messages = errorsOf(field);
    return messages.length === 0 ? null : (
      <span className="field-error" id={`conflict-${session.id}-${field}-error`}>
        {messages.join(' ')}
      </span>
    );
  };
  const described = (field: string) =>
    errorsOf(field).length > 0
      ? { 'aria-invalid': true, 'aria-describedby': `conflict-${session.id}-${field}-error` }
      : {};
  const id = (name: string) => `conflict-${session.id}-${name}`;

  return (
    <li className="sz-card" aria-label={session.title} data-testid="conflict-session">
      <h2>
        {session.title} <span className="badge">{session.categoryCode}</span>
      </h2>
      <p>
        {formatTime(session.startsAt)} – {formatTime(session.endsAt)}
      </p>
      {loadError && <p className="notice notice-error">{loadError}</p>}
      {!detail && !loadError && <p>{t('common.loading')}</p>}
      {detail && (
        <>
          <h3>{t('conflicts.candidates')}</h3>
          <table className="sz-table">
            <thead>
              <tr>
                <th>{t('detail.position')}</th>
                <th>{t('conflicts.candidate')}</th>
                <th>{t('conflicts.status')}</th>
              </tr>
            </thead>
            <tbody>
              {detail.slots.map((slot) => {
                const declared = declaredFor(slot.candidate.userId);
                return (
                  <tr key={slot.applicationId}>
                    <td>{detail.orderDraw.drawn ? slot.position : '—'}</td>
                    <td>
                      {slot.candidate.displayName}
                      <span className="sz-muted">（{slot.candidate.username}）</span>
                    </td>
                    <td>
                      {declared ? (
                        <span className="sz-flag">
                          {t('conflicts.declared', { reason: t(reasonKey(declared.reason)) })}
                        </span>
                      ) : (
                        <span className="sz-muted">—</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>

          <form onSubmit={(e) => void submit(e)} aria-label={t('conflicts.submit')} noValidate>
            {error && (
              <p className="notice notice-error" role="alert">
                {error.message}
              </p>
            )}
            {done && (
              <p className="notice notice-info" role="status">
                {done}
              </p>
            )}
            <div className="sz-grid">
              <div className="sz-field">
                <label htmlFor={id('candidate')}>{t('conflicts.candidate')}</label>
                <select
                  id={id('candidate')}
                  value={form.candidateId}
                  {...described('candidateId')}
                  onChange={(e) => setForm({ ...form, candidateId: e.target.value })}
                >
                  <option value="">{t('form.choose')}</option>
                  {detail.slots
                    .filter((slot) => !declaredFor(slot.candidate.userId))
                    .map((slot) => (
                      <option key={slot.candidate.userId} value={slot.candidate.userId}>
                        {slot.candidate.displayName}（{slot.candidate.username}）
                      </option>
                    ))}
                </select>
                {fieldError('candidateId')}
              </div>
              <div className="sz-field">
                <label htmlFor={id('reason')}>{t('conflicts.reason')}</label>
                <select
                  id={id('reason')}
                  value={form.reason}
                  {...described('reason')}
                  onChange={(e) => setForm({ ...form, reason: e.target.value as Reason })}
                >
                  <option value="">{t('form.choose')}</option>
                  {REASONS.map((reason) => (
                    <option key={reason} value={reason}>
                      {t(reasonKey(reason))}
                    </option>
                  ))}
                </select>
                {fieldError('reason')}
              </div>
              <div className="sz-field">
                <label htmlFor={id('note')}>{t('conflicts.note')}</label>
                <input
                  id={id('note')}
                  value={form.note}
                  maxLength={500}
                  {...described('note')}
                  onChange={(e) => setForm({ ...form, note: e.target.value })}
                />
                {fieldError('note')}
              </div>
            </div>
            <p>
              <button type="submit" className="button button-primary" disabled={busy}>
                {t('conflicts.submit')}
              </button>
            </p>
          </form>

          <h3>{t('conflicts.mine')}</h3>
          {mine.length === 0 ? (
            <p className="sz-muted">{t('conflicts.none')}</p>
          ) : (
            <ul data-testid="my-conflicts">
              {mine.map((r) => (
                <li key={r.id}>
                  {r.candidate.displayName} · {t(reasonKey(r.reason))}
                  {r.note && <span className="sz-muted"> · {r.note}</span>}
                  <span className="sz-muted"> · {formatTime(r.createdAt)}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </li>
  );
}

/** /conflicts: an examiner declares conflicts of interest with candidates of their sessions. */
export default function ConflictsPage() {
  const { t } = useSessionsText();
  const { state } = useAuth();
  const [sessions, setSessions] = useState<StaffSession[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const me = state.status === 'authenticated' ? state.user.id : '';

  useEffect(() => {
    apiFetch<StaffSession[]>('/my/sessions')
      .then((list) => setSessions(list.filter((s) => SCORING.includes(s.role))))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  return (
    <section>
      <header className="page-header">
        <h1>{t('conflicts.title')}</h1>
        <p className="page-lead">{t('conflicts.lead')}</p>
      </header>
      {error && <p className="notice notice-error">{error}</p>}
      {sessions === null && !error && <p>{t('common.loading')}</p>}
      {sessions?.length === 0 && <p className="notice notice-info">{t('conflicts.empty')}</p>}
      <ul className="sz-cards">
        {sessions?.map((s) => (
          <SessionConflicts key={s.id} session={s} me={me} />
        ))}
      </ul>
    </section>
  );
}
