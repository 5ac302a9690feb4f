import { useEffect, useState } from 'react';
import { apiFetch, ApiError } from '../../api';
import { useQuestionText } from '../question-bank/text';
import { verifyRecord } from './verify';
import type { DrawRecordJson, Verdict } from './verify';

type Published =
  | (DrawRecordJson & { drawn: true; drawnAt: string; purpose: string; sessionId: string })
  | {
      drawn: false;
      algorithm: string;
      commitment: string;
      purpose: string;
      sessionId: string;
    };

/** Public page /draws/:sessionId: the session's draw record and a check done in the browser. */
export default function PublicDrawPage({ sessionId }: { sessionId: string }) {
  const { t } = useQuestionText();
  const [record, setRecord] = useState<Published | null>(null);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    apiFetch<Published>(`/draws/sessions/${sessionId}`, { auth: false }).then(
      (published) => {
        setRecord(published);
        if (published.drawn) void verifyRecord(published).then(setVerdict);
      },
      (e: unknown) =>
        setError(
          e instanceof ApiError && e.status === 404
            ? t('public.notFound')
            : String((e as Error).message),
        ),
    );
  }, [sessionId, t]);

  const json = record ? JSON.stringify(record, null, 2) : '';
  return (
    <main className="page" data-testid="public-draw">
      <header className="page-header">
        <h1>{t('public.title')}</h1>
      </header>
      {error && <p role="alert">{error}</p>}
      {record && !record.drawn && (
        <section className="card">
          <p>{t('public.pending')}</p>
          <p>
            <code data-testid="draw-commitment">{record.commitment}</code>
          </p>
        </section>
      )}
      {record?.drawn && (
        <section className="card">
          {verdict && (
            <ul data-testid="draw-verdict">
              <li data-ok={verdict.commitmentMatches}>
                {verdict.commitmentMatches ? t('public.commitmentOk') : t('public.commitmentBad')}
              </li>
              <li data-ok={verdict.resultMatches}>
                {verdict.resultMatches ? t('public.resultOk') : t('public.resultBad')}
              </li>
            </ul>
          )}
          <pre data-testid="draw-record">{json}</pre>
          <p>
            <a
              href={`data:application/json;charset=utf-8,${encodeURIComponent(json)}`}
              download={`draw-${sessionId}.json`}
            >
              {t('public.download')}
            </a>
          </p>
          <p>{t('public.howTo')}</p>
        </section>
      )}
    </main>
  );
}
