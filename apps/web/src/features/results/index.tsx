import { useCallback, useEffect, useState } from 'react';
import { apiFetch, getAccessToken } from '../../api';
import { useScoringText } from '../scoring/scoring-text';
import { RubricSettings } from './RubricSettings';

interface ResultRow {
  rank: number;
  tied: boolean;
  candidateId: string;
  candidateName: string;
  score: number;
  corrected: boolean;
  sessionTitle: string;
}
interface ResultGroup {
  key: string;
  label: string;
  rows: ResultRow[];
}
interface Distribution {
  id: string;
  label: string;
  count: number;
  mean: number | null;
  buckets: number[];
}
interface Analytics {
  sessions: Distribution[];
  examiners: Distribution[];
  leniency: { examinerId: string; name: string; candidateCount: number; meanDeviation: number }[];
}

/** Horizontal bars, one per label (a plain SVG: no chart library). */
function Bars({ items, unit = '' }: { items: { label: string; value: number }[]; unit?: string }) {
  const extent = Math.max(1, ...items.map((i) => Math.abs(i.value)));
  const signed = items.some((i) => i.value < 0);
  const width = 320;
  const zero = signed ? width / 2 : 0;
  const scale = (signed ? width / 2 : width) / extent;
  return (
    <svg role="img" width={width + 260} height={items.length * 22 + 4} data-testid="bar-chart">
      {items.map((item, index) => {
        const length = Math.abs(item.value) * scale;
        const x = 160 + (item.value < 0 ? zero - length : zero);
        return (
          <g key={item.label + index} transform={`translate(0, ${index * 22 + 2})`}>
            <text x={0} y={14} fontSize={12}>
              {item.label}
            </text>
            <rect
              x={x}
              y={2}
              width={Math.max(1, length)}
              height={16}
              fill={item.value < 0 ? '#c0504d' : '#4f81bd'}
            />
            <text x={160 + width + 8} y={14} fontSize={12}>
              {item.value.toFixed(2)}
              {unit}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Ten 10-point buckets of one distribution as vertical bars, with its label under them. */
function Histogram({ item }: { item: Distribution }) {
  const top = Math.max(1, ...item.buckets);
  return (
    <figure className="histogram">
      <svg role="img" width={150} height={64} data-testid="histogram" aria-label={item.label}>
        {item.buckets.map((count, index) => {
          const height = (count / top) * 50;
          return (
            <g key={index}>
              <rect x={index * 15} y={52 - height} width={13} height={height} fill="#4f81bd">
                <title>{`${index * 10}–${index * 10 + 10}: ${count}`}</title>
              </rect>
              <line x1={0} x2={150} y1={52.5} y2={52.5} stroke="#999" />
            </g>
          );
        })}
        <text x={0} y={63} fontSize={9}>
          0
        </text>
        <text x={134} y={63} fontSize={9}>
          100
        </text>
      </svg>
      <figcaption>{item.label}</figcaption>
    </figure>
  );
}

async function download(path: string, filename: string) {
  const response = await fetch(`/api${path}`, {
    headers: { Authorization: `Bearer ${getAccessToken() ?? ''}` },
  });
  const url = URL.createObjectURL(await response.blob());
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.click();
  URL.revokeObjectURL(url);
}

/** /results — HR: ranking per category or post, exports, distributions and examiner leniency. */
export default function ResultsPage() {
  const { t } = useScoringText();
  const [campaigns, setCampaigns] = useState<{ id: string; name: string }[]>([]);
  const [campaignId, setCampaignId] = useState('');
  const [by, setBy] = useState<'category' | 'post'>('category');
  const [groups, setGroups] = useState<ResultGroup[] | null>(null);
  const [analytics, setAnalytics] = useState<Analytics | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    apiFetch<{ id: string; name: string }[]>('/campaigns')
      .then((items) => {
        setCampaigns(items);
        setCampaignId((current) => current || items[0]?.id || '');
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  const load = useCallback(() => {
    if (!campaignId) return;
    const base = `/scoring/campaigns/${encodeURIComponent(campaignId)}`;
    Promise.all([
      apiFetch<ResultGroup[]>(`${base}/results?by=${by}`),
      apiFetch<Analytics>(`${base}/analytics`),
    ])
      .then(([ranking, charts]) => {
        setGroups(ranking);
        setAnalytics(charts);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [campaignId, by]);
  useEffect(load, [load]);
  const base = `/scoring/campaigns/${encodeURIComponent(campaignId)}`;
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('results.title')}</h1>
      </header>
      <p>
        <label>
          {t('results.campaign')}{' '}
          <select value={campaignId} onChange={(e) => setCampaignId(e.target.value)}>
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>{' '}
        <select value={by} onChange={(e) => setBy(e.target.value === 'post' ? 'post' : 'category')}>
          <option value="category">{t('results.byCategory')}</option>
          <option value="post">{t('results.byPost')}</option>
        </select>{' '}
        <button
          type="button"
          onClick={() => void download(`${base}/results.csv?by=${by}`, 'results.csv')}
        >
          {t('results.exportCsv')}
        </button>{' '}
        <button
          type="button"
          onClick={() => void download(`${base}/results.xlsx?by=${by}`, 'results.xlsx')}
        >
          {t('results.exportXlsx')}
        </button>
      </p>
      {campaignId ? <RubricSettings key={campaignId} campaignId={campaignId} /> : null}
      {error ? <p role="alert">{error}</p> : null}
      {groups?.length === 0 ? <p>{t('results.empty')}</p> : null}
      {groups?.map((group) => (
        <section key={group.key} className="card">
          <h2>{group.label}</h2>
          <table data-testid="ranking">
            <thead>
              <tr>
                <th>{t('results.rank')}</th>
                <th>{t('results.candidate')}</th>
                <th>{t('results.score')}</th>
                <th>{t('results.session')}</th>
              </tr>
            </thead>
            <tbody>
              {group.rows.map((row) => (
                <tr key={row.candidateId}>
                  <td>
                    {row.rank}
                    {row.tied ? ` (${t('results.tied')})` : ''}
                  </td>
                  <td>{row.candidateName}</td>
                  <td>
                    {row.score.toFixed(2)}
                    {row.corrected ? ` (${t('results.corrected')})` : ''}
                  </td>
                  <td>{row.sessionTitle}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {analytics && analytics.sessions.length > 0 ? (
        <>
          <section className="card">
            <h2>{t('results.sessions')}</h2>
            <Bars
              items={analytics.sessions.map((s) => ({
                label: `${s.label} (${s.count})`,
                value: s.mean ?? 0,
              }))}
            />
            <div className="histograms">
              {analytics.sessions.map((item) => (
                <Histogram key={item.id} item={item} />
              ))}
            </div>
          </section>
          <section className="card">
            <h2>{t('results.examiners')}</h2>
            <Bars
              items={analytics.examiners.map((s) => ({
                label: `${s.label} (${s.count})`,
                value: s.mean ?? 0,
              }))}
            />
            <div className="histograms">
              {analytics.examiners.map((item) => (
                <Histogram key={item.id} item={item} />
              ))}
            </div>
          </section>
          <section className="card">
            <h2>{t('results.leniency')}</h2>
            <Bars
              items={analytics.leniency.map((l) => ({
                label: `${l.name} (${l.candidateCount})`,
                value: l.meanDeviation,
              }))}
            />
          </section>
        </>
      ) : null}
    </div>
  );
}
