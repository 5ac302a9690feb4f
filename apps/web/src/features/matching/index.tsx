import { useCallback, useEffect, useMemo, useState } from 'react';
import { apiFetch } from '../../api';
import type { PageProps } from '../../navigation';
import { ComparisonChart } from './ComparisonChart';
import type { ComparisonView } from './ComparisonChart';
import { positionLabel, useMatchingText } from './matching-text';
import type { Bilingual, PositionView } from './matching-text';
import { fromBeijingInput, toBeijingInput } from '../../beijing-time';

interface Settings {
  preferencesOpenAt: string | null;
  preferencesCloseAt: string | null;
  maxPreferences: number;
}
interface Hire {
  id: string;
  candidateId: string;
  name: string;
  rank: number;
  lot: number | null;
  disciplineCode: string;
  status: 'active' | 'withdrawn';
  preferences: string[];
}
interface RunSummary {
  id: string;
  algorithm: 'serial' | 'optimal';
  kind: 'full' | 'backfill';
  status: 'draft' | 'published' | 'superseded';
  createdAt: string;
  assigned: number;
  unassigned: number;
  averageChoice: number | null;
}
interface RunRow {
  hireId: string;
  name: string;
  rank: number;
  discipline: string;
  position: PositionView | null;
  choice: number | null;
  explanation: Bilingual;
  override: { reason: string } | null;
  backfilled: boolean;
}
interface RunView extends RunSummary {
  rows: RunRow[];
}
interface Applicant {
  candidate: { id: string; fullName: string };
  disciplineCode: string;
}
interface RankingGroup {
  rows: { candidateId: string; rank: number }[];
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

function SettingsForm({ base }: { base: string }) {
  const { t } = useMatchingText();
  const [opensAt, setOpensAt] = useState('');
  const [closesAt, setClosesAt] = useState('');
  const [max, setMax] = useState('5');
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    apiFetch<Settings>(`${base}/settings`)
      .then((s) => {
        setOpensAt(toBeijingInput(s.preferencesOpenAt));
        setClosesAt(toBeijingInput(s.preferencesCloseAt));
        setMax(String(s.maxPreferences));
      })
      .catch((e: unknown) => setStatus(errorText(e)));
  }, [base]);
  async function save(event: React.FormEvent) {
    event.preventDefault();
    try {
      await apiFetch(`${base}/settings`, {
        method: 'PUT',
        body: {
          preferencesOpenAt: fromBeijingInput(opensAt) || null,
          preferencesCloseAt: fromBeijingInput(closesAt) || null,
          maxPreferences: Number(max),
        },
      });
      setStatus(t('matching.saved'));
    } catch (e) {
      setStatus(errorText(e));
    }
  }
  return (
    <section className="card">
      <h2>{t('matching.settings')}</h2>
      <form className="form" onSubmit={(e) => void save(e)} data-testid="matching-settings">
        <label>
          {t('matching.opensAt')}
          <input
            type="datetime-local"
            value={opensAt}
            onChange={(e) => setOpensAt(e.target.value)}
          />
        </label>
        <label>
          {t('matching.closesAt')}
          <input
            type="datetime-local"
            value={closesAt}
            onChange={(e) => setClosesAt(e.target.value)}
          />
        </label>
        <label>
          {t('matching.maxPreferences')}
          <input
            type="number"
            min={1}
            max={50}
            value={max}
            onChange={(e) => setMax(e.target.value)}
          />
        </label>
        <button type="submit">{t('matching.save')}</button>
        {status ? <p role="status">{status}</p> : null}
      </form>
    </section>
  );
}

function Positions({
  base,
  positions,
  reload,
}: {
  base: string;
  positions: PositionView[];
  reload: () => void;
}) {
  const { t } = useMatchingText();
  const empty = { code: '', unit: '', title: '', level: 'city', disciplines: '', quota: '1' };
  const [draft, setDraft] = useState(empty);
  const [error, setError] = useState<string | null>(null);
  const field = (name: keyof typeof empty) => ({
    value: draft[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
      setDraft((d) => ({ ...d, [name]: e.target.value })),
  });
  async function add(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await apiFetch(`${base}/positions`, {
        method: 'POST',
        body: {
          code: draft.code.trim(),
          unit: draft.unit,
          title: draft.title,
          level: draft.level,
          disciplines: draft.disciplines
            .split(/[,，\s]+/)
            .map((s) => s.trim())
            .filter(Boolean),
          quota: Number(draft.quota),
        },
      });
      setDraft(empty);
      reload();
    } catch (e) {
      setError(errorText(e));
    }
  }
  async function remove(id: string) {
    try {
      await apiFetch(`${base}/positions/${id}`, { method: 'DELETE' });
      reload();
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <section className="card">
      <h2>{t('matching.positions')}</h2>
      {positions.length === 0 ? <p>{t('matching.noPositions')}</p> : null}
      {positions.length > 0 ? (
        <table data-testid="matching-positions">
          <thead>
            <tr>
              <th>{t('matching.code')}</th>
              <th>{t('matching.unit')}</th>
              <th>{t('matching.positionTitle')}</th>
              <th>{t('matching.level')}</th>
              <th>{t('matching.disciplinesShort')}</th>
              <th>{t('matching.quota')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {positions.map((p) => (
              <tr key={p.id}>
                <td>{p.code}</td>
                <td>{p.unit}</td>
                <td>{p.title}</td>
                <td>{t(p.level === 'city' ? 'matching.level.city' : 'matching.level.county')}</td>
                <td>{p.disciplines.join(', ')}</td>
                <td>{p.quota}</td>
                <td>
                  <button type="button" onClick={() => void remove(p.id)}>
                    {t('matching.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form className="form" onSubmit={(e) => void add(e)} data-testid="add-position">
        <label>
          {t('matching.code')}
          <input {...field('code')} required />
        </label>
        <label>
          {t('matching.unit')}
          <input {...field('unit')} required />
        </label>
        <label>
          {t('matching.positionTitle')}
          <input {...field('title')} required />
        </label>
        <label>
          {t('matching.level')}
          <select {...field('level')}>
            <option value="city">{t('matching.level.city')}</option>
            <option value="county">{t('matching.level.county')}</option>
          </select>
        </label>
        <label>
          {t('matching.disciplines')}
          <input {...field('disciplines')} required />
        </label>
        <label>
          {t('matching.quota')}
          <input type="number" min={0} {...field('quota')} required />
        </label>
        <button type="submit">{t('matching.addPosition')}</button>
        {error ? <p role="alert">{error}</p> : null}
      </form>
    </section>
  );
}

function Hires({
  base,
  campaignId,
  hires,
  reload,
}: {
  base: string;
  campaignId: string;
  hires: Hire[];
  reload: () => void;
}) {
  const { t } = useMatchingText();
  const [applicants, setApplicants] = useState<Applicant[]>([]);
  const [ranks, setRanks] = useState<Map<string, number>>(new Map());
  const [rankInput, setRankInput] = useState<Record<string, string>>({});
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const id = encodeURIComponent(campaignId);
    apiFetch<{ items: Applicant[] }>(
      `/review/applications?campaignId=${id}&status=approved&limit=200`,
    )
      .then((page) => setApplicants(page.items))
      .catch((e: unknown) => setError(errorText(e)));
    apiFetch<RankingGroup[]>(`/scoring/campaigns/${id}/results`)
      .then((groups) =>
        setRanks(new Map(groups.flatMap((g) => g.rows.map((r) => [r.candidateId, r.rank])))),
      )
      .catch(() => setRanks(new Map()));
  }, [campaignId]);
  const hired = new Set(hires.map((h) => h.candidateId));
  async function mark(candidateId: string) {
    setError(null);
    const typed = rankInput[candidateId];
    try {
      await apiFetch(`${base}/hires`, {
        method: 'POST',
        body: typed ? { candidateId, rank: Number(typed) } : { candidateId },
      });
      reload();
    } catch (e) {
      setError(errorText(e));
    }
  }
  async function withdraw(hireId: string) {
    setError(null);
    try {
      await apiFetch(`${base}/hires/${hireId}/withdraw`, {
        method: 'POST',
        body: { reason: reasons[hireId] ?? '' },
      });
      reload();
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <section className="card">
      <h2>{t('matching.hires')}</h2>
      {hires.length === 0 ? <p>{t('matching.noHires')}</p> : null}
      {hires.length > 0 ? (
        <table data-testid="matching-hires">
          <thead>
            <tr>
              <th>{t('matching.name')}</th>
              <th>{t('matching.rank')}</th>
              <th>{t('matching.lot')}</th>
              <th>{t('matching.discipline')}</th>
              <th>{t('matching.preferencesCount')}</th>
              <th>{t('matching.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {hires.map((h) => (
              <tr key={h.id}>
                <td>{h.name}</td>
                <td>{h.rank}</td>
                <td>{h.lot ?? '—'}</td>
                <td>{h.disciplineCode}</td>
                <td>{h.preferences.length}</td>
                <td>
                  {t(
                    h.status === 'active' ? 'matching.status.active' : 'matching.status.withdrawn',
                  )}
                </td>
                <td>
                  {h.status === 'active' ? (
                    <>
                      <input
                        aria-label={`${t('matching.withdrawReason')} ${h.name}`}
                        placeholder={t('matching.withdrawReason')}
                        value={reasons[h.id] ?? ''}
                        onChange={(e) => setReasons((r) => ({ ...r, [h.id]: e.target.value }))}
                      />{' '}
                      <button type="button" onClick={() => void withdraw(h.id)}>
                        {t('matching.withdraw')}
                      </button>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {applicants.some((a) => !hired.has(a.candidate.id)) ? (
        <>
          <h3>{t('matching.candidates')}</h3>
          <table data-testid="matching-applicants">
            <thead>
              <tr>
                <th>{t('matching.name')}</th>
                <th>{t('matching.discipline')}</th>
                <th>{t('matching.rankFromResults')}</th>
                <th>{t('matching.rank')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {applicants
                .filter((a) => !hired.has(a.candidate.id))
                .map((a) => (
                  <tr key={a.candidate.id}>
                    <td>{a.candidate.fullName}</td>
                    <td>{a.disciplineCode}</td>
                    <td>{ranks.get(a.candidate.id) ?? '—'}</td>
                    <td>
                      <input
                        type="number"
                        min={1}
                        aria-label={`${t('matching.rank')} ${a.candidate.fullName}`}
                        value={rankInput[a.candidate.id] ?? ''}
                        placeholder={String(ranks.get(a.candidate.id) ?? '')}
                        onChange={(e) =>
                          setRankInput((r) => ({ ...r, [a.candidate.id]: e.target.value }))
                        }
                      />
                    </td>
                    <td>
                      <button type="button" onClick={() => void mark(a.candidate.id)}>
                        {t('matching.markHired')}
                      </button>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      ) : null}
      {error ? <p role="alert">{error}</p> : null}
    </section>
  );
}

function RunDetail({
  base,
  run,
  positions,
  onChange,
}: {
  base: string;
  run: RunView;
  positions: PositionView[];
  onChange: (run: RunView) => void;
}) {
  const { t, locale } = useMatchingText();
  const [hireId, setHireId] = useState('');
  const [positionId, setPositionId] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function override(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      onChange(
        await apiFetch<RunView>(`${base}/runs/${run.id}/overrides`, {
          method: 'POST',
          body: { hireId, positionId, reason },
        }),
      );
      setReason('');
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <div data-testid="run-detail">
      <h3>
        {t('matching.result')} · {t(`matching.algorithm.${run.algorithm}`)} ·{' '}
        {t(`matching.runStatus.${run.status}`)}
      </h3>
      <table data-testid="run-rows">
        <thead>
          <tr>
            <th>{t('matching.rank')}</th>
            <th>{t('matching.name')}</th>
            <th>{t('matching.discipline')}</th>
            <th>{t('matching.position')}</th>
            <th>{t('matching.choice')}</th>
            <th>{t('matching.explanation')}</th>
          </tr>
        </thead>
        <tbody>
          {run.rows.map((row) => (
            <tr key={row.hireId}>
              <td>{row.rank}</td>
              <td>{row.name}</td>
              <td>{row.discipline}</td>
              <td>
                {row.position ? positionLabel(row.position) : t('matching.notPlaced')}
                {row.backfilled ? ` (${t('matching.backfilled')})` : ''}
              </td>
              <td>{row.choice ?? '—'}</td>
              <td>
                {row.explanation[locale === 'en' ? 'en' : 'zh-CN']}
                {row.override ? (
                  <em> {t('matching.overridden', { reason: row.override.reason })}</em>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {run.status === 'draft' ? (
        <form className="form" onSubmit={(e) => void override(e)} data-testid="override">
          <h4>{t('matching.override')}</h4>
          <label>
            {t('matching.overrideHire')}
            <select value={hireId} onChange={(e) => setHireId(e.target.value)} required>
              <option value="" />
              {run.rows.map((row) => (
                <option key={row.hireId} value={row.hireId}>
                  {row.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('matching.overridePosition')}
            <select value={positionId} onChange={(e) => setPositionId(e.target.value)} required>
              <option value="" />
              {positions.map((p) => (
                <option key={p.id} value={p.id}>
                  {positionLabel(p)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('matching.overrideReason')}
            <input value={reason} onChange={(e) => setReason(e.target.value)} required />
          </label>
          <button type="submit">{t('matching.overrideSubmit')}</button>
          {error ? <p role="alert">{error}</p> : null}
        </form>
      ) : null}
    </div>
  );
}

function Runs({ base, positions }: { base: string; positions: PositionView[] }) {
  const { t, formatTime } = useMatchingText();
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [selected, setSelected] = useState<RunView | null>(null);
  const [comparison, setComparison] = useState<ComparisonView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    apiFetch<RunSummary[]>(`${base}/runs`)
      .then((list) => {
        setRuns(list);
        const full = list.filter((r) => r.kind === 'full');
        if (
          full.some((r) => r.algorithm === 'serial') &&
          full.some((r) => r.algorithm === 'optimal')
        ) {
          apiFetch<ComparisonView>(`${base}/comparison`)
            .then(setComparison)
            .catch((e: unknown) => setError(errorText(e)));
        }
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, [base]);
  useEffect(reload, [reload]);
  const act = async (work: () => Promise<RunView>) => {
    setError(null);
    try {
      setSelected(await work());
      reload();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const run = (algorithm: 'serial' | 'optimal') =>
    act(() => apiFetch<RunView>(`${base}/runs`, { method: 'POST', body: { algorithm } }));
  const publish = (id: string) => {
    if (!window.confirm(t('matching.publishConfirm'))) return;
    void act(() => apiFetch<RunView>(`${base}/runs/${id}/publish`, { method: 'POST' }));
  };
  const published = runs.some((r) => r.status === 'published');
  return (
    <>
      <section className="card">
        <h2>{t('matching.runs')}</h2>
        <p>
          <button type="button" onClick={() => void run('serial')}>
            {t('matching.runSerial')}
          </button>{' '}
          <button type="button" onClick={() => void run('optimal')}>
            {t('matching.runOptimal')}
          </button>
        </p>
        {error ? <p role="alert">{error}</p> : null}
        {runs.length > 0 ? (
          <table data-testid="matching-runs">
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td>{formatTime(r.createdAt)}</td>
                  <td>{t(`matching.algorithm.${r.algorithm}`)}</td>
                  <td>{t(`matching.kind.${r.kind}`)}</td>
                  <td>{t(`matching.runStatus.${r.status}`)}</td>
                  <td>
                    {t('matching.assigned', { count: r.assigned })} ·{' '}
                    {t('matching.unassigned', { count: r.unassigned })}
                    {r.averageChoice !== null
                      ? ` · ${t('matching.average', { value: r.averageChoice.toFixed(2) })}`
                      : ''}
                  </td>
                  <td>
                    <button
                      type="button"
                      onClick={() => void act(() => apiFetch<RunView>(`${base}/runs/${r.id}`))}
                    >
                      {t('matching.view')}
                    </button>{' '}
                    {r.status === 'draft' ? (
                      <button type="button" onClick={() => publish(r.id)}>
                        {t('matching.publish')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {selected ? (
          <RunDetail base={base} run={selected} positions={positions} onChange={setSelected} />
        ) : null}
      </section>
      {comparison ? (
        <section className="card" data-testid="comparison">
          <h2>{t('matching.comparison')}</h2>
          <p>{t('matching.comparisonLead')}</p>
          <ComparisonChart view={comparison} />
          <p>{t('matching.differing', { count: comparison.comparison.differing })}</p>
        </section>
      ) : null}
      {published ? (
        <section className="card">
          <h2>{t('matching.backfill')}</h2>
          <p>{t('matching.backfillLead')}</p>
          <button
            type="button"
            onClick={() =>
              void act(() => apiFetch<RunView>(`${base}/backfill`, { method: 'POST' }))
            }
          >
            {t('matching.runBackfill')}
          </button>
        </section>
      ) : null}
    </>
  );
}

/** /matching — HR: window, positions, hires, runs, comparison, override, publication, backfill. */
export default function MatchingPage(_: PageProps) {
  const { t } = useMatchingText();
  const [campaigns, setCampaigns] = useState<{ id: string; name: string }[]>([]);
  const [campaignId, setCampaignId] = useState('');
  const [positions, setPositions] = useState<PositionView[]>([]);
  const [hires, setHires] = useState<Hire[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    apiFetch<{ id: string; name: string }[]>('/campaigns')
      .then((items) => {
        setCampaigns(items);
        setCampaignId((current) => current || items[0]?.id || '');
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, []);
  const base = useMemo(() => `/matching/campaigns/${encodeURIComponent(campaignId)}`, [campaignId]);
  const reload = useCallback(() => {
    if (!campaignId) return;
    Promise.all([apiFetch<PositionView[]>(`${base}/positions`), apiFetch<Hire[]>(`${base}/hires`)])
      .then(([p, h]) => {
        setPositions(p);
        setHires(h);
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, [base, campaignId]);
  useEffect(reload, [reload]);
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('matching.title')}</h1>
        <p className="page-lead">{t('matching.lead')}</p>
      </header>
      <p>
        <label>
          {t('matching.campaign')}{' '}
          <select value={campaignId} onChange={(e) => setCampaignId(e.target.value)}>
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      </p>
      {error ? <p role="alert">{error}</p> : null}
      {campaignId ? (
        <div key={campaignId}>
          <SettingsForm base={base} />
          <Positions base={base} positions={positions} reload={reload} />
          <Hires base={base} campaignId={campaignId} hires={hires} reload={reload} />
          <Runs base={base} positions={positions} />
        </div>
      ) : null}
    </div>
  );
}
