import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError, apiFetch } from '../../api';
import type { PageProps } from '../../navigation';
import { Link, navigate } from '../../router';
import { useSessionsText } from './sessions-text';
import { SessionDetail } from './SessionDetail';
import './sessions.css';
import { fromBeijingInput } from '../../beijing-time';

export interface Person {
  userId: string;
  username: string;
  displayName: string;
}

interface SessionSummary {
  id: string;
  title: string;
  categoryCode: string;
  startsAt: string;
  endsAt: string;
  panelSize: number;
  candidates: number;
  orderDrawn: boolean;
}

interface SchedulableApplication {
  applicationId: string;
  username: string;
  displayName: string;
  scheduledSessionId: string | null;
}

const PICKER_ROLES = [
  'chief_examiner',
  'examiner',
  'score_clerk',
  'supervisor',
  'proctor',
] as const;
type PickerRole = (typeof PICKER_ROLES)[number];
type PeopleByRole = Record<PickerRole, Person[]>;

const label = (p: Person) => `${p.displayName}（${p.username}）`;
const toggle = (list: string[], id: string) =>
  list.includes(id) ? list.filter((x) => x !== id) : [...list, id];

function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.fieldErrors.flatMap((f) => f.messages);
    return [error.message, ...fields].join(' ');
  }
  return error instanceof Error ? error.message : String(error);
}

function CreateSessionForm({ onCreated }: { onCreated: (id: string) => void }) {
  const { t } = useSessionsText();
  const [people, setPeople] = useState<PeopleByRole | null>(null);
  const [campaignId, setCampaignId] = useState('');
  const [applications, setApplications] = useState<SchedulableApplication[]>([]);
  const [form, setForm] = useState({
    categoryCode: '',
    title: '',
    startsAt: '',
    endsAt: '',
    chiefExaminerId: '',
    scoreClerkId: '',
  });
  const [examinerIds, setExaminerIds] = useState<string[]>([]);
  const [supervisorIds, setSupervisorIds] = useState<string[]>([]);
  const [proctorIds, setProctorIds] = useState<string[]>([]);
  const [applicationIds, setApplicationIds] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void Promise.all(
      PICKER_ROLES.map((role) =>
        apiFetch<Person[]>(`/scheduling/people?role=${role}`).then((list) => [role, list] as const),
      ),
    )
      .then((entries) => setPeople(Object.fromEntries(entries) as PeopleByRole))
      .catch((e: unknown) => setError(errorText(e)));
  }, []);

  async function loadApplications() {
    setError(null);
    try {
      setApplications(
        await apiFetch<SchedulableApplication[]>(
          `/scheduling/applications?campaignId=${encodeURIComponent(campaignId.trim())}`,
        ),
      );
    } catch (e) {
      setError(errorText(e));
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await apiFetch<{ id: string }>('/sessions', {
        method: 'POST',
        body: {
          campaignId: campaignId.trim(),
          categoryCode: form.categoryCode.trim(),
          title: form.title,
          startsAt: fromBeijingInput(form.startsAt),
          endsAt: fromBeijingInput(form.endsAt),
          chiefExaminerId: form.chiefExaminerId,
          examinerIds,
          ...(form.scoreClerkId ? { scoreClerkId: form.scoreClerkId } : {}),
          supervisorIds,
          proctorIds,
          applicationIds,
        },
      });
      onCreated(created.id);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const field = (name: keyof typeof form, key: Parameters<typeof t>[0], type = 'text') => (
    <label className="sz-field">
      {t(key)}
      <input
        type={type}
        value={form[name]}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        required={name !== 'scoreClerkId'}
      />
    </label>
  );
  const checkboxes = (list: Person[], chosen: string[], set: (ids: string[]) => void) => (
    <div className="sz-picker">
      {list.map((p) => (
        <label key={p.userId}>
          <input
            type="checkbox"
            checked={chosen.includes(p.userId)}
            onChange={() => set(toggle(chosen, p.userId))}
          />
          {label(p)}
        </label>
      ))}
      {list.length === 0 && <span className="sz-muted">{t('common.none')}</span>}
    </div>
  );
  const examinerPool = people
    ? [...people.examiner, ...people.chief_examiner].filter(
        (p, i, all) =>
          all.findIndex((q) => q.userId === p.userId) === i && p.userId !== form.chiefExaminerId,
      )
    : [];

  return (
    <form className="sz-section" onSubmit={(e) => void submit(e)} aria-label={t('sessions.new')}>
      <h2>{t('sessions.new')}</h2>
      <div className="sz-grid">
        <label className="sz-field">
          {t('form.campaignId')}
          <input value={campaignId} onChange={(e) => setCampaignId(e.target.value)} required />
        </label>
        <div className="sz-field">
          <span>&nbsp;</span>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void loadApplications()}
          >
            {t('form.loadApplications')}
          </button>
        </div>
        {field('categoryCode', 'form.categoryCode')}
        {field('title', 'form.title')}
        {field('startsAt', 'form.startsAt', 'datetime-local')}
        {field('endsAt', 'form.endsAt', 'datetime-local')}
        <label className="sz-field">
          {t('form.chief')}
          <select
            value={form.chiefExaminerId}
            onChange={(e) => setForm({ ...form, chiefExaminerId: e.target.value })}
            required
          >
            <option value="">{t('form.choose')}</option>
            {people?.chief_examiner.map((p) => (
              <option key={p.userId} value={p.userId}>
                {label(p)}
              </option>
            ))}
          </select>
        </label>
        <label className="sz-field">
          {t('form.clerk')}
          <select
            value={form.scoreClerkId}
            onChange={(e) => setForm({ ...form, scoreClerkId: e.target.value })}
          >
            <option value="">{t('common.none')}</option>
            {people?.score_clerk.map((p) => (
              <option key={p.userId} value={p.userId}>
                {label(p)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <h3>{t('form.examiners')}</h3>
      <p className="sz-muted">{t('form.panelSize', { count: examinerIds.length + 1 })}</p>
      {checkboxes(examinerPool, examinerIds, setExaminerIds)}
      <h3>{t('form.supervisors')}</h3>
      {checkboxes(people?.supervisor ?? [], supervisorIds, setSupervisorIds)}
      <h3>{t('form.proctors')}</h3>
      {checkboxes(people?.proctor ?? [], proctorIds, setProctorIds)}
      <h3>{t('form.candidates')}</h3>
      <div className="sz-picker">
        {applications.map((a) => (
          <label key={a.applicationId}>
            <input
              type="checkbox"
              disabled={a.scheduledSessionId !== null}
              checked={applicationIds.includes(a.applicationId)}
              onChange={() => setApplicationIds(toggle(applicationIds, a.applicationId))}
            />
            {a.displayName}（{a.username}）
            {a.scheduledSessionId && (
              <span className="sz-muted">· {t('form.scheduledElsewhere')}</span>
            )}
          </label>
        ))}
      </div>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={busy}>
        {t('form.submit')}
      </button>
    </form>
  );
}

function SessionList() {
  const { t, formatTime } = useSessionsText();
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    apiFetch<SessionSummary[]>('/sessions?limit=200')
      .then(setSessions)
      .catch((e: unknown) => setError(errorText(e)));
  }, []);
  useEffect(load, [load]);

  return (
    <section>
      <header className="page-header">
        <h1>{t('sessions.title')}</h1>
        <p className="page-lead">{t('sessions.lead')}</p>
      </header>
      {error && <p className="notice notice-error">{error}</p>}
      <h2>{t('sessions.list')}</h2>
      {sessions === null ? (
        <p>{t('common.loading')}</p>
      ) : (
        <table className="sz-table">
          <thead>
            <tr>
              <th>{t('sessions.col.title')}</th>
              <th>{t('sessions.col.time')}</th>
              <th>{t('sessions.col.panel')}</th>
              <th>{t('sessions.col.candidates')}</th>
              <th>{t('sessions.col.order')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.title} <span className="badge">{s.categoryCode}</span>
                </td>
                <td>
                  {formatTime(s.startsAt)} – {formatTime(s.endsAt)}
                </td>
                <td>{t('sessions.people', { count: s.panelSize })}</td>
                <td>{t('sessions.people', { count: s.candidates })}</td>
                <td>{s.orderDrawn ? t('sessions.orderDrawn') : t('sessions.orderPending')}</td>
                <td>
                  <Link to={`/sessions/${s.id}`}>{t('sessions.open')}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CreateSessionForm onCreated={(id) => navigate(`/sessions/${id}`)} />
    </section>
  );
}

/** /sessions (list + create) and /sessions/:id (detail, order draw, recusals). HR only. */
export default function SessionsPage({ path }: PageProps) {
  const id = /^\/sessions\/([0-9a-f-]{36})$/i.exec(path)?.[1];
  return id ? <SessionDetail sessionId={id} /> : <SessionList />;
}
