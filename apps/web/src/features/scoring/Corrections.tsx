import { useCallback, useEffect, useState } from 'react';
import { apiFetch } from '../../api';
import { useScoringText } from './scoring-text';

interface Dimension {
  key: string;
  label: string;
  labelEn: string;
  max: number;
}
interface Correction {
  id: string;
  reason: string;
  previousScore: number;
  finalScore: number;
  status: 'pending' | 'approved';
  chiefApprovedAt: string | null;
  supervisorApprovedAt: string | null;
  requestedAt: string;
}
interface Publication {
  id: string;
  publishedScore: number;
  currentScore: number;
  confirmedAt: string | null;
  announcement: { 'zh-CN': string; en: string };
  sheets?: { examinerId: string; marks: Record<string, number> }[];
  corrections: Correction[];
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * A published score and its history. The chief examiner or score clerk asks for a correction
 * (new marks for one examiner, with a reason); it takes effect once the chief examiner and a
 * supervisor of the session have both approved it.
 */
export function Corrections(props: {
  base: string;
  role: string | null;
  dimensions: Dimension[];
  names: Record<string, string>;
}) {
  const { t, locale } = useScoringText();
  const [publication, setPublication] = useState<Publication | null>(null);
  const [examinerId, setExaminerId] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(() => {
    apiFetch<Publication>(`${props.base}/publication`)
      .then(setPublication)
      .catch((e: unknown) => setMessage(errorText(e)));
  }, [props.base]);
  useEffect(load, [load]);
  const pick = (id: string) => {
    setExaminerId(id);
    const sheet = publication?.sheets?.find((s) => s.examinerId === id);
    setValues(
      Object.fromEntries(Object.entries(sheet?.marks ?? {}).map(([k, v]) => [k, String(v)])),
    );
  };
  const act = async (call: () => Promise<unknown>) => {
    try {
      await call();
      setMessage(null);
      load();
    } catch (e) {
      setMessage(errorText(e));
    }
  };
  if (!publication) return message ? <p role="alert">{message}</p> : null;
  const requests = props.role === 'chief_examiner' || props.role === 'score_clerk';
  const approves = props.role === 'chief_examiner' || props.role === 'supervisor';
  const lang = locale === 'en' ? 'en' : 'zh-CN';
  return (
    <section className="card" data-testid="publication">
      <h2>{t('corrections.title')}</h2>
      <p>
        {t('corrections.current', {
          score: publication.currentScore.toFixed(2),
          published: publication.publishedScore.toFixed(2),
        })}
      </p>
      <p>{publication.announcement[lang]}</p>
      {publication.confirmedAt ? <p>{t('corrections.confirmed')}</p> : null}
      <ul>
        {publication.corrections.map((c) => (
          <li key={c.id} data-testid="correction" data-status={c.status}>
            {c.previousScore.toFixed(2)} → {c.finalScore.toFixed(2)} · {c.reason} ·{' '}
            {t(c.status === 'approved' ? 'corrections.approved' : 'corrections.pending')}
            {c.status === 'pending' && approves ? (
              <button
                type="button"
                onClick={() =>
                  void act(() =>
                    apiFetch(`/scoring/corrections/${c.id}/approve`, { method: 'POST' }),
                  )
                }
              >
                {t('corrections.approve')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {requests ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const marks = Object.fromEntries(
              Object.entries(values).map(([k, v]) => [k, Number(v)]),
            );
            void act(() =>
              apiFetch(`${props.base}/publication/corrections`, {
                method: 'POST',
                body: { reason, sheets: [{ examinerId, marks }] },
              }),
            );
          }}
        >
          <h3>{t('corrections.request')}</h3>
          <select value={examinerId} onChange={(e) => pick(e.target.value)}>
            <option value="">{t('corrections.pickExaminer')}</option>
            {publication.sheets?.map((s) => (
              <option key={s.examinerId} value={s.examinerId}>
                {props.names[s.examinerId] ?? s.examinerId}
              </option>
            ))}
          </select>
          {examinerId
            ? props.dimensions.map((d) => (
                <label key={d.key}>
                  {locale === 'en' ? d.labelEn : d.label}{' '}
                  <input
                    type="number"
                    min={0}
                    max={d.max}
                    step={0.5}
                    value={values[d.key] ?? ''}
                    onChange={(e) => setValues((v) => ({ ...v, [d.key]: e.target.value }))}
                  />
                </label>
              ))
            : null}
          <label>
            {t('corrections.reason')}{' '}
            <input value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button type="submit" disabled={!examinerId || reason.trim().length < 4}>
            {t('corrections.submit')}
          </button>
        </form>
      ) : null}
      {message ? <p role="alert">{message}</p> : null}
    </section>
  );
}
