import { useCallback, useEffect, useState } from 'react';
import { apiFetch, ApiError } from '../../api';
import type { PageProps } from '../../navigation';
import { Link } from '../../router';
import { sessionRoomAccess } from '../room/room-access';
import type { RoomAccess } from '../room/room-access';
import { Corrections } from './Corrections';
import { ScoreFeedPanel } from './ScoreFeedPanel';
import { useScoringText } from './scoring-text';
import { useScoreFeed } from './use-score-feed';

interface Dimension {
  key: string;
  label: string;
  labelEn: string;
  max: number;
  bands: { label: string; min: number; max: number }[];
}
type SheetStatus = 'not_started' | 'draft' | 'submitted';
interface CandidateRow {
  candidateId: string;
  name: string;
  slot: number;
  recused: boolean;
  mySheet: SheetStatus | null;
  submitted: number;
  expected: number;
  published: boolean;
  finalScore: number | null;
}
interface SessionView {
  sessionId: string;
  title: string;
  myRole: string | null;
  rubric: { id: string; dimensions: Dimension[]; maxTotal: number } | null;
  candidates: CandidateRow[];
}
interface Sheet {
  status: SheetStatus;
  marks: Record<string, number>;
  total: number | null;
}
interface PanelRow {
  examinerId: string;
  name: string;
  role: string;
  recused: boolean;
  status: SheetStatus;
  total: number | null;
  marks: Record<string, number> | null;
}
interface Preview {
  complete: boolean;
  missing: { examinerId: string; name: string }[];
  announcement: { 'zh-CN': string; en: string } | null;
  result: { finalScore: number } | null;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** /scoring — my sessions; /scoring/:sessionId — the console for that session. */
export default function ScoringPage({ path }: PageProps) {
  const sessionId = path.split('/')[2];
  return sessionId ? <SessionConsole sessionId={sessionId} /> : <MySessions />;
}

function MySessions() {
  const { t } = useScoringText();
  const [sessions, setSessions] = useState<
    { sessionId: string; title: string; role: string }[] | null
  >(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    apiFetch<{ sessionId: string; title: string; role: string }[]>('/scoring/my-sessions')
      .then(setSessions)
      .catch((e: unknown) => setError(errorText(e)));
  }, []);
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('scoring.mySessions')}</h1>
      </header>
      {error ? <p role="alert">{error}</p> : null}
      {sessions?.length === 0 ? <p>{t('scoring.noSessions')}</p> : null}
      <ul className="card-grid">
        {sessions?.map((s) => (
          <li key={s.sessionId}>
            <Link to={`/scoring/${s.sessionId}`} className="card">
              {s.title}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

function SessionConsole({ sessionId }: { sessionId: string }) {
  const { t, locale } = useScoringText();
  const [view, setView] = useState<SessionView | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The console hears the room's announcements over a listen-only connection, with a room pass
  // the api issues for the user's session (no pass in the URL; never a second peer).
  const [access, setAccess] = useState<RoomAccess | null>(null);
  useEffect(() => {
    let cancelled = false;
    sessionRoomAccess(sessionId)
      .then((granted) => !cancelled && setAccess(granted))
      // Not in this session's room (or outside its window): the console works without the feed.
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [sessionId]);
  const feed = useScoreFeed(access, locale);
  const reload = useCallback(() => {
    apiFetch<SessionView>(`/scoring/sessions/${encodeURIComponent(sessionId)}`)
      .then((loaded) => {
        setView(loaded);
        setSelected((current) => current ?? loaded.candidates[0]?.candidateId ?? null);
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, [sessionId]);
  useEffect(reload, [reload]);
  // What the room hears (a publication, a confirmation, a correction) changes what the console
  // shows: reload it rather than wait for the user to refresh.
  const heard = feed.events.length;
  useEffect(() => {
    if (heard > 0) reload();
  }, [heard, reload]);
  const candidate = view?.candidates.find((c) => c.candidateId === selected) ?? null;
  const revision = feed.events.filter(
    (entry) => entry.kind !== 'published' && entry.event.candidateUserId === selected,
  ).length;
  const marks = view?.myRole === 'chief_examiner' || view?.myRole === 'examiner';
  const checks =
    view?.myRole === 'chief_examiner' ||
    view?.myRole === 'score_clerk' ||
    view?.myRole === 'supervisor';
  return (
    <div className="page scoring" data-testid="scoring-console" data-role={view?.myRole ?? ''}>
      <header className="page-header">
        <h1>
          {t('scoring.title')} · {view?.title}
        </h1>
      </header>
      {error ? <p role="alert">{error}</p> : null}
      {view && !view.rubric ? <p role="alert">{t('scoring.noRubric')}</p> : null}
      <section>
        <h2>{t('scoring.candidates')}</h2>
        <ul className="scoring-candidates">
          {view?.candidates.map((c) => (
            <li key={c.candidateId}>
              <button
                type="button"
                data-testid="candidate"
                data-candidate={c.candidateId}
                aria-pressed={c.candidateId === selected}
                onClick={() => setSelected(c.candidateId)}
              >
                {t('scoring.slot', { slot: c.slot })} {c.name}
                {c.recused ? ` · ${t('scoring.recused')}` : ''}
                {c.mySheet ? ` · ${t(`scoring.status.${c.mySheet}`)}` : ''}
                {checks
                  ? ` · ${t('scoring.progress', { submitted: c.submitted, expected: c.expected })}`
                  : ''}
                {c.published && c.finalScore !== null
                  ? ` · ${t('scoring.published', { score: c.finalScore.toFixed(2) })}`
                  : ''}
              </button>
            </li>
          ))}
        </ul>
      </section>
      {view?.rubric && candidate && marks && !candidate.recused ? (
        <MarkSheet
          key={candidate.candidateId}
          sessionId={sessionId}
          candidate={candidate}
          dimensions={view.rubric.dimensions}
          onChange={reload}
        />
      ) : null}
      {view?.rubric && candidate && checks ? (
        <PanelCheck
          key={`panel-${candidate.candidateId}-${candidate.published}-${candidate.submitted}`}
          sessionId={sessionId}
          candidate={candidate}
          canPublish={view.myRole === 'chief_examiner'}
          canReopen={view.myRole === 'chief_examiner'}
          role={view.myRole}
          dimensions={view.rubric.dimensions}
          onChange={reload}
          revision={revision}
        />
      ) : null}
      <ScoreFeedPanel feed={feed} />
    </div>
  );
}

function MarkSheet(props: {
  sessionId: string;
  candidate: CandidateRow;
  dimensions: Dimension[];
  onChange: () => void;
}) {
  const { t, locale } = useScoringText();
  const base = `/scoring/sessions/${props.sessionId}/candidates/${props.candidate.candidateId}/marks/mine`;
  const [sheet, setSheet] = useState<Sheet | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    apiFetch<Sheet>(base)
      .then((loaded) => {
        setSheet(loaded);
        setValues(Object.fromEntries(Object.entries(loaded.marks).map(([k, v]) => [k, String(v)])));
      })
      .catch((e: unknown) => setMessage(errorText(e)));
  }, [base]);
  const parsed = Object.fromEntries(
    Object.entries(values)
      .filter(([, v]) => v.trim() !== '')
      .map(([k, v]) => [k, Number(v)]),
  );
  const total =
    Object.values(parsed).reduce((s, v) => s + Math.round((Number.isFinite(v) ? v : 0) * 100), 0) /
    100;
  const submitted = sheet?.status === 'submitted';
  const save = async (submit: boolean) => {
    if (submit && !window.confirm(t('scoring.submitConfirm'))) return;
    try {
      const saved = await apiFetch<Sheet>(submit ? `${base}/submit` : base, {
        method: submit ? 'POST' : 'PUT',
        body: { marks: parsed },
      });
      setSheet(saved);
      setMessage(t('scoring.saved'));
      props.onChange();
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : errorText(e));
    }
  };
  return (
    <section className="card" data-testid="mark-sheet" data-status={sheet?.status ?? ''}>
      <h2>{t('scoring.myMarks')}</h2>
      <table>
        <tbody>
          {props.dimensions.map((d) => (
            <tr key={d.key}>
              <th scope="row">
                <label htmlFor={`mark-${d.key}`}>{locale === 'en' ? d.labelEn : d.label}</label>
              </th>
              <td>
                <input
                  id={`mark-${d.key}`}
                  data-dimension={d.key}
                  type="number"
                  min={0}
                  max={d.max}
                  step={0.5}
                  disabled={submitted}
                  value={values[d.key] ?? ''}
                  onChange={(e) => setValues((v) => ({ ...v, [d.key]: e.target.value }))}
                />
              </td>
              <td>
                {t('scoring.max', { max: d.max })}
                {d.bands.length > 0
                  ? ` · ${d.bands.map((b) => `${b.label} ${b.min}–${b.max}`).join(' / ')}`
                  : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="mark-total">{t('scoring.total', { total: total.toFixed(2) })}</p>
      {submitted ? (
        <p>{t('scoring.sealed')}</p>
      ) : (
        <p>
          <button type="button" onClick={() => void save(false)}>
            {t('scoring.saveDraft')}
          </button>{' '}
          <button type="button" data-testid="submit-marks" onClick={() => void save(true)}>
            {t('scoring.submit')}
          </button>
        </p>
      )}
      {message ? <p role="status">{message}</p> : null}
    </section>
  );
}

function PanelCheck(props: {
  sessionId: string;
  candidate: CandidateRow;
  canPublish: boolean;
  canReopen: boolean;
  role: string | null;
  dimensions: Dimension[];
  onChange: () => void;
  revision: number;
}) {
  const { t, locale } = useScoringText();
  const base = `/scoring/sessions/${props.sessionId}/candidates/${props.candidate.candidateId}`;
  const [rows, setRows] = useState<PanelRow[]>([]);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(() => {
    apiFetch<PanelRow[]>(`${base}/sheets`)
      .then(setRows)
      .catch((e: unknown) => setMessage(errorText(e)));
    if (!props.candidate.published) {
      apiFetch<Preview>(`${base}/preview`)
        .then(setPreview)
        .catch(() => setPreview(null));
    }
  }, [base, props.candidate.published]);
  useEffect(load, [load]);
  const act = async (call: () => Promise<unknown>) => {
    try {
      await call();
      setMessage(null);
      load();
      props.onChange();
    } catch (e) {
      setMessage(errorText(e));
    }
  };
  const lang = locale === 'en' ? 'en' : 'zh-CN';
  return (
    <section className="card" data-testid="panel-check">
      <h2>{t('scoring.panel')}</h2>
      <table>
        <tbody>
          {rows.map((row) => (
            <tr key={row.examinerId} data-testid="panel-row" data-status={row.status}>
              <td>{row.name}</td>
              <td>{row.recused ? t('scoring.recused') : t(`scoring.status.${row.status}`)}</td>
              <td>{row.total === null ? '' : row.total.toFixed(2)}</td>
              <td>
                {props.canReopen && row.status === 'submitted' && !props.candidate.published ? (
                  <button
                    type="button"
                    onClick={() =>
                      void act(() =>
                        apiFetch(`${base}/sheets/${row.examinerId}/reopen`, { method: 'POST' }),
                      )
                    }
                  >
                    {t('scoring.reopen')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview && !props.candidate.published ? (
        <div data-testid="publish-preview">
          <h3>{t('scoring.preview')}</h3>
          {preview.complete && preview.announcement ? (
            <p data-testid="preview-announcement">{preview.announcement[lang]}</p>
          ) : (
            <p>{t('scoring.incomplete', { count: preview.missing.length })}</p>
          )}
          <button
            type="button"
            onClick={() => void act(() => apiFetch(`${base}/check`, { method: 'POST' }))}
          >
            {t('scoring.check')}
          </button>{' '}
          {props.canPublish ? (
            <button
              type="button"
              data-testid="publish"
              disabled={!preview.complete}
              onClick={() => {
                if (window.confirm(t('scoring.publishConfirm'))) {
                  void act(() => apiFetch(`${base}/publish`, { method: 'POST' }));
                }
              }}
            >
              {t('scoring.publish')}
            </button>
          ) : null}
        </div>
      ) : null}
      {message ? <p role="alert">{message}</p> : null}
      {props.candidate.published ? (
        <Corrections
          base={base}
          role={props.role}
          dimensions={props.dimensions}
          names={Object.fromEntries(rows.map((row) => [row.examinerId, row.name]))}
          onChange={props.onChange}
          revision={props.revision}
        />
      ) : null}
    </section>
  );
}
