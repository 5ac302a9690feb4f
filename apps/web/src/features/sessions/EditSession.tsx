import { useEffect, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { ApiError, apiFetch } from '../../api';
import type { Person } from './index';
import { useSessionsText } from './sessions-text';
import type { SessionsTextKey } from './sessions-text';
import { fromBeijingInput, toBeijingInput } from '../../beijing-time';

export interface EditableSession {
  id: string;
  campaignId: string;
  title: string;
  categoryCode: string;
  startsAt: string;
  endsAt: string;
  panel: {
    chiefExaminer: Person | null;
    examiners: Person[];
    scoreClerk: Person | null;
    supervisors: Person[];
    proctors: Person[];
  };
  slots: { position: number; applicationId: string; candidate: Person }[];
  orderDraw: { drawn: boolean };
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
type PeopleByRole = Record<(typeof PICKER_ROLES)[number], Person[]>;

/** Where the api's session errors belong on the form (errors without a field go on top). */
const FIELD_OF_CODE: Record<string, string> = {
  SESSION_TIME_INVALID: 'endsAt',
  SESSION_PANEL_SIZE: 'examinerIds',
  SESSION_PARTICIPANT_ROLE: 'panel',
  SESSION_PARTICIPANT_REPEATED: 'panel',
  SESSION_APPLICATION_NOT_APPROVED: 'applicationIds',
  SESSION_CANDIDATE_ALREADY_SCHEDULED: 'applicationIds',
  SESSION_ORDER_ALREADY_DRAWN: 'applicationIds',
};

const label = (p: Person) => `${p.displayName}（${p.username}）`;
const toggle = (list: string[], id: string) =>
  list.includes(id) ? list.filter((x) => x !== id) : [...list, id];
const ids = (people: Person[]) => people.map((p) => p.userId);

/** A person list with the current members first, so nobody assigned drops out of the picker. */
function withCurrent(pool: Person[], current: Person[]): Person[] {
  const seen = new Set<string>();
  return [...current, ...pool].filter((p) => !seen.has(p.userId) && (seen.add(p.userId), true));
}

/** HR edits a session through PATCH /sessions/:id; the api's errors show at their fields. */
export function EditSession({
  session,
  onSaved,
  onCancel,
}: {
  session: EditableSession;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useSessionsText();
  const [people, setPeople] = useState<PeopleByRole | null>(null);
  const [applications, setApplications] = useState<SchedulableApplication[]>([]);
  const [form, setForm] = useState({
    title: session.title,
    categoryCode: session.categoryCode,
    startsAt: toBeijingInput(session.startsAt),
    endsAt: toBeijingInput(session.endsAt),
    chiefExaminerId: session.panel.chiefExaminer?.userId ?? '',
    scoreClerkId: session.panel.scoreClerk?.userId ?? '',
  });
  const [examinerIds, setExaminerIds] = useState(ids(session.panel.examiners));
  const [supervisorIds, setSupervisorIds] = useState(ids(session.panel.supervisors));
  const [proctorIds, setProctorIds] = useState(ids(session.panel.proctors));
  const [applicationIds, setApplicationIds] = useState(session.slots.map((s) => s.applicationId));
  const [error, setError] = useState<ApiError | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const drawn = session.orderDraw.drawn;

  useEffect(() => {
    void Promise.all([
      Promise.all(
        PICKER_ROLES.map((role) =>
          apiFetch<Person[]>(`/scheduling/people?role=${role}`).then(
            (list) => [role, list] as const,
          ),
        ),
      ),
      apiFetch<SchedulableApplication[]>(
        `/scheduling/applications?campaignId=${encodeURIComponent(session.campaignId)}`,
      ),
    ])
      .then(([entries, apps]) => {
        setPeople(Object.fromEntries(entries) as PeopleByRole);
        setApplications(apps);
      })
      .catch((e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)));
  }, [session.campaignId]);

  /** Messages for one field: the validation pipe's, or the session rule that names it. */
  function errorsOf(field: string): string[] {
    if (!error) return [];
    const own = error.messagesFor(field);
    return FIELD_OF_CODE[error.code] === field ? [error.message, ...own] : own;
  }
  const general =
    error && error.fieldErrors.length === 0 && !FIELD_OF_CODE[error.code] ? error.message : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await apiFetch(`/sessions/${session.id}`, {
        method: 'PATCH',
        body: {
          title: form.title,
          categoryCode: form.categoryCode.trim(),
          startsAt: fromBeijingInput(form.startsAt),
          endsAt: fromBeijingInput(form.endsAt),
          chiefExaminerId: form.chiefExaminerId,
          examinerIds,
          scoreClerkId: form.scoreClerkId || null,
          supervisorIds,
          proctorIds,
          ...(drawn ? {} : { applicationIds }),
        },
      });
      onSaved();
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

  const fieldErrors = (field: string) => {
    const messages = errorsOf(field);
    return messages.length === 0 ? null : (
      <span className="field-error" id={`edit-session-${field}-error`} data-field-error={field}>
        {messages.join(' ')}
      </span>
    );
  };
  const described = (field: string) =>
    errorsOf(field).length > 0
      ? { 'aria-invalid': true, 'aria-describedby': `edit-session-${field}-error` }
      : {};
  const input = (name: keyof typeof form, key: SessionsTextKey, type = 'text') => (
    <div className="sz-field">
      <label htmlFor={`edit-session-${name}`}>{t(key)}</label>
      <input
        id={`edit-session-${name}`}
        type={type}
        value={form[name]}
        {...described(name)}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
      />
      {fieldErrors(name)}
    </div>
  );
  const picker = (
    field: string,
    heading: SessionsTextKey,
    list: Person[],
    chosen: string[],
    set: (next: string[]) => void,
    extra?: ReactNode,
  ) => (
    <fieldset className="sz-fieldset" data-invalid={errorsOf(field).length > 0}>
      <legend>{t(heading)}</legend>
      {extra}
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
      {fieldErrors(field)}
    </fieldset>
  );

  const examinerPool = withCurrent(
    [...(people?.examiner ?? []), ...(people?.chief_examiner ?? [])],
    session.panel.examiners,
  ).filter((p) => p.userId !== form.chiefExaminerId);
  const chiefs = withCurrent(
    people?.chief_examiner ?? [],
    session.panel.chiefExaminer ? [session.panel.chiefExaminer] : [],
  );
  const clerks = withCurrent(
    people?.score_clerk ?? [],
    session.panel.scoreClerk ? [session.panel.scoreClerk] : [],
  );
  const candidates = [
    ...session.slots.map((s) => ({
      applicationId: s.applicationId,
      username: s.candidate.username,
      displayName: s.candidate.displayName,
      scheduledSessionId: session.id,
    })),
    ...applications.filter((a) => !session.slots.some((s) => s.applicationId === a.applicationId)),
  ];

  return (
    <form
      className="sz-section"
      onSubmit={(e) => void submit(e)}
      aria-label={t('edit.title')}
      noValidate
    >
      <h2>{t('edit.title')}</h2>
      {loadError && <p className="notice notice-error">{loadError}</p>}
      {error && (
        <p className="notice notice-error" role="alert">
          {general ?? t('edit.failed')}
        </p>
      )}
      <div className="sz-grid">
        {input('title', 'form.title')}
        {input('categoryCode', 'form.categoryCode')}
        {input('startsAt', 'form.startsAt', 'datetime-local')}
        {input('endsAt', 'form.endsAt', 'datetime-local')}
        <div className="sz-field">
          <label htmlFor="edit-session-chief">{t('form.chief')}</label>
          <select
            id="edit-session-chief"
            value={form.chiefExaminerId}
            {...described('chiefExaminerId')}
            onChange={(e) => setForm({ ...form, chiefExaminerId: e.target.value })}
          >
            <option value="">{t('form.choose')}</option>
            {chiefs.map((p) => (
              <option key={p.userId} value={p.userId}>
                {label(p)}
              </option>
            ))}
          </select>
          {fieldErrors('chiefExaminerId')}
        </div>
        <div className="sz-field">
          <label htmlFor="edit-session-clerk">{t('form.clerk')}</label>
          <select
            id="edit-session-clerk"
            value={form.scoreClerkId}
            {...described('scoreClerkId')}
            onChange={(e) => setForm({ ...form, scoreClerkId: e.target.value })}
          >
            <option value="">{t('common.none')}</option>
            {clerks.map((p) => (
              <option key={p.userId} value={p.userId}>
                {label(p)}
              </option>
            ))}
          </select>
          {fieldErrors('scoreClerkId')}
        </div>
      </div>
      {fieldErrors('panel')}
      {picker(
        'examinerIds',
        'form.examiners',
        examinerPool,
        examinerIds,
        setExaminerIds,
        <p className="sz-muted">{t('form.panelSize', { count: examinerIds.length + 1 })}</p>,
      )}
      {picker(
        'supervisorIds',
        'form.supervisors',
        withCurrent(people?.supervisor ?? [], session.panel.supervisors),
        supervisorIds,
        setSupervisorIds,
      )}
      {picker(
        'proctorIds',
        'form.proctors',
        withCurrent(people?.proctor ?? [], session.panel.proctors),
        proctorIds,
        setProctorIds,
      )}
      <fieldset className="sz-fieldset" data-invalid={errorsOf('applicationIds').length > 0}>
        <legend>{t('form.candidates')}</legend>
        {drawn && <p className="sz-muted">{t('edit.candidatesLocked')}</p>}
        <div className="sz-picker">
          {candidates.map((a) => (
            <label key={a.applicationId}>
              <input
                type="checkbox"
                disabled={
                  drawn || (a.scheduledSessionId !== null && a.scheduledSessionId !== session.id)
                }
                checked={applicationIds.includes(a.applicationId)}
                onChange={() => setApplicationIds(toggle(applicationIds, a.applicationId))}
              />
              {a.displayName}（{a.username}）
              {a.scheduledSessionId !== null && a.scheduledSessionId !== session.id && (
                <span className="sz-muted">· {t('form.scheduledElsewhere')}</span>
              )}
            </label>
          ))}
        </div>
        {fieldErrors('applicationIds')}
      </fieldset>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('edit.save')}
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          {t('edit.cancel')}
        </button>
      </div>
    </form>
  );
}
