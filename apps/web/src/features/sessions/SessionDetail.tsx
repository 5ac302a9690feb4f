import { useCallback, useEffect, useState } from 'react';
import { ApiError, apiFetch } from '../../api';
import { Link } from '../../router';
import { EditSession } from './EditSession';
import type { Person } from './index';
import { useSessionsText } from './sessions-text';
import type { SessionsTextKey } from './sessions-text';

interface SessionView {
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
  orderDraw: { commitment: string; drawn: boolean; drawnAt: string | null };
}

interface DrawRecordView {
  drawn: boolean;
  algorithm: string;
  commitment: string;
  secret: string | null;
  sources: string[] | null;
  items: string[] | null;
  count: number | null;
  result: string[] | null;
  drawnAt: string | null;
}

interface RecusalView {
  id: string;
  examiner: Person;
  candidate: Person;
  reason: 'same_institution' | 'relative' | 'other';
  note: string | null;
}

const names = (people: Person[]) => people.map((p) => p.displayName).join('、');

export function SessionDetail({ sessionId }: { sessionId: string }) {
  const { t, formatTime } = useSessionsText();
  const [session, setSession] = useState<SessionView | null>(null);
  const [record, setRecord] = useState<DrawRecordView | null>(null);
  const [recusals, setRecusals] = useState<RecusalView[]>([]);
  const [publicValue, setPublicValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);

  const load = useCallback(() => {
    Promise.all([
      apiFetch<SessionView>(`/sessions/${sessionId}`),
      apiFetch<DrawRecordView>(`/sessions/${sessionId}/order-draw`),
      apiFetch<RecusalView[]>(`/sessions/${sessionId}/recusals`),
    ])
      .then(([s, r, c]) => {
        setSession(s);
        setRecord(r);
        setRecusals(c);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [sessionId]);
  useEffect(load, [load]);

  async function draw() {
    setError(null);
    try {
      await apiFetch(`/sessions/${sessionId}/order-draw`, {
        method: 'POST',
        body: publicValue.trim() ? { publicValue: publicValue.trim() } : {},
      });
      load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }

  if (!session) return <p>{error ?? t('common.loading')}</p>;
  const { panel } = session;
  const flagsOf = (candidateId: string) =>
    recusals.filter((r) => r.candidate.userId === candidateId);
  return (
    <section>
      <p>
        <Link to="/sessions">← {t('common.back')}</Link>
      </p>
      <header className="page-header">
        <h1>
          {session.title} <span className="badge">{session.categoryCode}</span>
        </h1>
        <p className="page-lead">
          {formatTime(session.startsAt)} – {formatTime(session.endsAt)}
        </p>
      </header>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {saved && !editing && (
        <p className="notice notice-info" role="status">
          {t('edit.saved')}
        </p>
      )}
      {editing ? (
        <EditSession
          session={session}
          onSaved={() => {
            setEditing(false);
            setSaved(true);
            load();
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <p>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setSaved(false);
              setEditing(true);
            }}
          >
            {t('edit.open')}
          </button>
        </p>
      )}
      <div className="sz-section" data-testid="session-panel">
        <h2>{t('detail.panel')}</h2>
        <p>
          {t('role.chief_examiner')}：{panel.chiefExaminer?.displayName ?? t('common.none')}
        </p>
        <p>
          {t('role.examiner')}：{names(panel.examiners)}
        </p>
        <p>
          {t('role.score_clerk')}：{panel.scoreClerk?.displayName ?? t('common.none')}
        </p>
        <p>
          {t('role.supervisor')}：{names(panel.supervisors)}
        </p>
        <p>
          {t('role.proctor')}：{names(panel.proctors) || t('common.none')}
        </p>
      </div>
      <div className="sz-section">
        <h2>{t('detail.slots')}</h2>
        <table className="sz-table" data-testid="session-slots">
          <thead>
            <tr>
              <th>{t('detail.position')}</th>
              <th>{t('role.candidate')}</th>
              <th>{t('detail.flags')}</th>
            </tr>
          </thead>
          <tbody>
            {session.slots.map((slot) => (
              <tr key={slot.applicationId}>
                <td>{session.orderDraw.drawn ? slot.position : '—'}</td>
                <td>
                  {slot.candidate.displayName}（{slot.candidate.username}）
                </td>
                <td>
                  {flagsOf(slot.candidate.userId).map((r) => (
                    <span key={r.id} className="sz-flag" data-testid="recusal-flag">
                      ⚑{' '}
                      {t('detail.recusalFlag', {
                        examiner: r.examiner.displayName,
                        reason: t(`reason.${r.reason}` as SessionsTextKey),
                      })}{' '}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="sz-section" aria-label={t('detail.order')}>
        <h2>{t('detail.order')}</h2>
        <p>{t('detail.commitment')}</p>
        <p className="sz-mono" data-testid="order-commitment">
          {session.orderDraw.commitment}
        </p>
        {record && !record.drawn && (
          <div className="sz-grid">
            <label className="sz-field">
              {t('detail.publicValue')}
              <input
                value={publicValue}
                maxLength={64}
                onChange={(e) => setPublicValue(e.target.value)}
              />
            </label>
            <div className="sz-field">
              <span>&nbsp;</span>
              <button type="button" className="button button-primary" onClick={() => void draw()}>
                {t('detail.draw')}
              </button>
            </div>
          </div>
        )}
        {record?.drawn && (
          <>
            <p>{t('detail.drawn', { time: formatTime(record.drawnAt ?? '') })}</p>
            <p>{t('detail.record')}</p>
            <pre className="sz-mono" data-testid="order-record">
              {JSON.stringify(
                {
                  algorithm: record.algorithm,
                  commitment: record.commitment,
                  secret: record.secret,
                  sources: record.sources,
                  items: record.items,
                  count: record.count,
                  result: record.result,
                },
                null,
                2,
              )}
            </pre>
          </>
        )}
      </div>
      <div className="sz-section">
        <h2>{t('detail.recusals')}</h2>
        {recusals.length === 0 && <p className="sz-muted">{t('common.none')}</p>}
        <ul>
          {recusals.map((r) => (
            <li key={r.id}>
              {t('detail.recusalPair', {
                examiner: r.examiner.displayName,
                candidate: r.candidate.displayName,
                reason: t(`reason.${r.reason}` as SessionsTextKey),
              })}
              {r.note && <span className="sz-muted"> · {r.note}</span>}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
