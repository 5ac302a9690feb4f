import { useEffect, useState } from 'react';
import { apiFetch } from '../../api';
import { useScoringText } from '../scoring/scoring-text';

interface RubricView {
  id: string;
  categoryCode: string;
  dimensions: unknown[];
  maxTotal: number;
  inUse: boolean;
}

const METHODS = ['total-trimmed-mean', 'per-dimension-trimmed-mean'] as const;

/**
 * HR: the campaign's rubrics (per category, '*' for the default) as editable JSON, and its
 * aggregation method. A rubric an examiner has marked with is locked.
 */
export function RubricSettings({ campaignId }: { campaignId: string }) {
  const { t } = useScoringText();
  const base = `/scoring/campaigns/${encodeURIComponent(campaignId)}`;
  const [rubrics, setRubrics] = useState<RubricView[]>([]);
  const [categoryCode, setCategoryCode] = useState('*');
  const [text, setText] = useState('');
  const [method, setMethod] = useState<string>(METHODS[0]);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    if (!campaignId) return;
    apiFetch<RubricView[]>(`${base}/rubrics`)
      .then((list) => {
        setRubrics(list);
        const first = list[0];
        if (first) {
          setCategoryCode(first.categoryCode);
          setText(JSON.stringify(first.dimensions, null, 2));
        }
      })
      .catch((e: unknown) => setMessage(e instanceof Error ? e.message : String(e)));
    apiFetch<{ aggregationMethod: string }>(`${base}/settings`)
      .then((settings) => setMethod(settings.aggregationMethod))
      .catch(() => undefined);
  }, [base, campaignId]);
  const save = async () => {
    try {
      const dimensions: unknown = JSON.parse(text);
      const saved = await apiFetch<RubricView>(
        `${base}/rubrics/${encodeURIComponent(categoryCode)}`,
        { method: 'PUT', body: { dimensions } },
      );
      setRubrics((list) => [...list.filter((r) => r.id !== saved.id), saved]);
      setMessage(t('rubric.saved', { total: saved.maxTotal }));
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  const saveMethod = async (next: string) => {
    setMethod(next);
    try {
      await apiFetch(`${base}/settings`, { method: 'PUT', body: { aggregationMethod: next } });
      setMessage(null);
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <details className="card">
      <summary>{t('rubric.title')}</summary>
      <p>
        {rubrics.map((r) => (
          <span key={r.id}>
            {r.categoryCode} · {r.maxTotal} {r.inUse ? `(${t('rubric.locked')})` : ''}{' '}
          </span>
        ))}
      </p>
      <label>
        {t('rubric.method')}{' '}
        <select value={method} onChange={(e) => void saveMethod(e.target.value)}>
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {t(m === 'total-trimmed-mean' ? 'rubric.method.total' : 'rubric.method.perDimension')}
            </option>
          ))}
        </select>
      </label>
      <p>
        <label>
          {t('rubric.category')}{' '}
          <input value={categoryCode} onChange={(e) => setCategoryCode(e.target.value)} />
        </label>
      </p>
      <textarea
        rows={12}
        cols={80}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-label={t('rubric.dimensions')}
      />
      <p>
        <button type="button" onClick={() => void save()}>
          {t('rubric.save')}
        </button>
      </p>
      {message ? <p role="status">{message}</p> : null}
    </details>
  );
}
