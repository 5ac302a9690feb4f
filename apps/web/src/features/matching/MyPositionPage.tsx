import { useCallback, useEffect, useState } from 'react';
import { apiFetch } from '../../api';
import { positionLabel, useMatchingText } from './matching-text';
import type { Bilingual, PositionView } from './matching-text';

interface MyMatching {
  campaignId: string;
  campaignName: string;
  status: 'active' | 'withdrawn';
  rank: number;
  discipline: string;
  window: { opensAt: string | null; closesAt: string | null; open: boolean };
  maxPreferences: number;
  positions: PositionView[];
  preferences: PositionView[];
  assignment: {
    position: PositionView | null;
    choice: number | null;
    explanation: Bilingual;
    backfill: boolean;
    adjustedByHr: boolean;
  } | null;
}

function Preferences({ item, onSaved }: { item: MyMatching; onSaved: (next: MyMatching) => void }) {
  const { t } = useMatchingText();
  const [choices, setChoices] = useState<string[]>(() =>
    Array.from({ length: item.maxPreferences }, (_, i) => item.preferences[i]?.id ?? ''),
  );
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setMessage(null);
    setError(null);
    try {
      const next = await apiFetch<MyMatching>(
        `/matching/me/${encodeURIComponent(item.campaignId)}/preferences`,
        { method: 'PUT', body: { positionIds: choices.filter((id) => id !== '') } },
      );
      setMessage(t('my.submitted'));
      onSaved(next);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <form className="form" onSubmit={(e) => void submit(e)} data-testid="my-preferences">
      <h3>{t('my.preferences', { max: item.maxPreferences })}</h3>
      {choices.map((value, index) => (
        <label key={index}>
          {t('my.choice', { n: index + 1 })}
          <select
            value={value}
            onChange={(e) =>
              setChoices((current) => current.map((c, i) => (i === index ? e.target.value : c)))
            }
          >
            <option value="">{t('my.noChoice')}</option>
            {item.positions.map((p) => (
              <option key={p.id} value={p.id}>
                {positionLabel(p)}
              </option>
            ))}
          </select>
        </label>
      ))}
      <button type="submit">{t('my.submit')}</button>
      {message ? <p role="status">{message}</p> : null}
      {error ? <p role="alert">{error}</p> : null}
    </form>
  );
}

/** /my-position — a hire ranks the positions open to them and later sees their own result. */
export default function MyPositionPage() {
  const { t, locale, formatTime } = useMatchingText();
  const [items, setItems] = useState<MyMatching[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    apiFetch<MyMatching[]>('/matching/me')
      .then(setItems)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  useEffect(load, [load]);
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('my.title')}</h1>
        <p className="page-lead">{t('my.lead')}</p>
      </header>
      {error ? <p role="alert">{error}</p> : null}
      {items?.length === 0 ? <p>{t('my.none')}</p> : null}
      {items?.map((item) => (
        <section key={item.campaignId} className="card" data-testid="my-matching">
          <h2>{item.campaignName}</h2>
          <p>{t('my.rank', { rank: item.rank, discipline: item.discipline })}</p>
          {item.assignment ? (
            <div data-testid="my-assignment">
              <h3>{t('my.assignment')}</h3>
              <p>
                <strong>
                  {item.assignment.position
                    ? t('my.assigned', { position: positionLabel(item.assignment.position) })
                    : t('my.notPlaced')}
                </strong>
                {item.assignment.adjustedByHr ? t('my.adjusted') : ''}
                {item.assignment.backfill ? t('my.backfill') : ''}
              </p>
              <p data-testid="my-explanation">
                {item.assignment.explanation[locale === 'en' ? 'en' : 'zh-CN']}
              </p>
            </div>
          ) : item.status === 'withdrawn' ? (
            <p>{t('my.withdrawn')}</p>
          ) : (
            <>
              <p>
                {item.window.opensAt && item.window.closesAt
                  ? t('my.window', {
                      opensAt: formatTime(item.window.opensAt),
                      closesAt: formatTime(item.window.closesAt),
                    })
                  : t('my.windowNotSet')}
              </p>
              {item.window.open ? (
                <Preferences
                  key={item.campaignId}
                  item={item}
                  onSaved={(next) =>
                    setItems(
                      (current) =>
                        current?.map((x) => (x.campaignId === next.campaignId ? next : x)) ?? null,
                    )
                  }
                />
              ) : (
                <>
                  {item.window.opensAt ? <p>{t('my.windowClosed')}</p> : null}
                  <ol>
                    {item.preferences.map((p) => (
                      <li key={p.id}>{positionLabel(p)}</li>
                    ))}
                  </ol>
                </>
              )}
              <p>{t('my.notYet')}</p>
            </>
          )}
        </section>
      ))}
    </div>
  );
}
