import { useCallback, useEffect, useId, useState } from 'react';
import { apiFetch, ApiError } from '../../api';
import { formatTime } from '../applications/shared';
import { ConfirmPublication } from './ConfirmPublication';
import { useScoringText } from './scoring-text';

interface Dimension {
  key: string;
  label: string;
  labelEn: string;
  max: number;
}
interface Announcement {
  'zh-CN': string;
  en: string;
}
interface Correction {
  id: string;
  reason: string;
  previousScore: number;
  finalScore: number;
  announcement: Announcement;
  status: 'pending' | 'approved';
  chiefApprovedAt: string | null;
  supervisorApprovedAt: string | null;
  requestedAt: string;
  approvedAt: string | null;
}
interface Sheet {
  examinerId: string;
  marks: Record<string, number>;
}
interface Publication {
  id: string;
  publishedScore: number;
  currentScore: number;
  corrected: boolean;
  publishedAt: string;
  confirmedAt: string | null;
  announcement: Announcement;
  sheets?: Sheet[];
  currentSheets?: Sheet[];
  corrections: Correction[];
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const two = (value: number) => value.toFixed(2);
/** The API's minimum (RequestCorrectionDto.reason). */
const MIN_REASON = 4;

/**
 * A published score and its history. The chief examiner or score clerk asks for a correction
 * (new marks for one examiner, with a reason); it takes effect once the chief examiner and a
 * supervisor of the session have both approved it. Until then the score in force is unchanged.
 */
export function Corrections(props: {
  base: string;
  role: string | null;
  dimensions: Dimension[];
  names: Record<string, string>;
  onChange?: () => void;
  /** Bumped when the room hears a confirmation or correction of this score: reload it. */
  revision?: number;
}) {
  const { t, locale } = useScoringText();
  const ids = useId();
  const { onChange } = props;
  const [publication, setPublication] = useState<Publication | null>(null);
  const [examinerId, setExaminerId] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useCallback(() => {
    apiFetch<Publication>(`${props.base}/publication`)
      .then(setPublication)
      .catch((e: unknown) => setMessage(errorText(e)));
    // `revision` is not read: a new value only asks for a reload.
  }, [props.base, props.revision]);
  useEffect(load, [load]);
  const pick = (id: string) => {
    setExaminerId(id);
    // A new correction starts from the marks in force, not the first publication's.
    const sheets = publication?.currentSheets ?? publication?.sheets;
    const sheet = sheets?.find((s) => s.examinerId === id);
    setValues(
      Object.fromEntries(Object.entries(sheet?.marks ?? {}).map(([k, v]) => [k, String(v)])),
    );
  };
  const act = async (call: () => Promise<unknown>, done: string): Promise<boolean> => {
    try {
      await call();
      setMessage(null);
      setNotice(done);
      load();
      onChange?.();
      return true;
    } catch (e) {
      setNotice(null);
      if (e instanceof ApiError && e.messagesFor('reason').length > 0) {
        setReasonError(e.messagesFor('reason').join('；'));
      }
      setMessage(errorText(e));
      return false;
    }
  };
  if (!publication) return message ? <p role="alert">{message}</p> : null;
  const requests = props.role === 'chief_examiner' || props.role === 'score_clerk';
  const mayApprove = (c: Correction) =>
    c.status === 'pending' &&
    ((props.role === 'chief_examiner' && c.chiefApprovedAt === null) ||
      (props.role === 'supervisor' && c.supervisorApprovedAt === null));
  const lang = locale === 'en' ? 'en' : 'zh-CN';
  const inForce = publication.corrections
    .filter((c) => c.status === 'approved')
    .sort((a, b) => (a.approvedAt ?? '').localeCompare(b.approvedAt ?? ''))
    .at(-1);
  const reasonId = `${ids}-reason`;
  const reasonErrorId = `${ids}-reason-error`;
  const submit = async () => {
    if (reason.trim().length < MIN_REASON) {
      setReasonError(t('corrections.reasonRequired', { min: MIN_REASON }));
      return;
    }
    setReasonError(null);
    const marks = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number(v)]));
    const ok = await act(
      () =>
        apiFetch(`${props.base}/publication/corrections`, {
          method: 'POST',
          body: { reason: reason.trim(), sheets: [{ examinerId, marks }] },
        }),
      t('corrections.requested'),
    );
    if (ok) {
      setReason('');
      setExaminerId('');
      setValues({});
    }
  };
  return (
    <section
      className="card"
      data-testid="publication"
      data-score={two(publication.currentScore)}
      data-corrected={publication.corrected}
    >
      <h2>{t('corrections.title')}</h2>
      <p data-testid="current-score">
        {t('corrections.current', {
          score: two(publication.currentScore),
          published: two(publication.publishedScore),
        })}
      </p>
      <p data-testid="current-announcement">
        {(inForce?.announcement ?? publication.announcement)[lang]}
      </p>
      <ConfirmPublication
        base={props.base}
        role={props.role}
        confirmedAt={publication.confirmedAt}
        onSettled={() => {
          load();
          onChange?.();
        }}
      />
      <h3>{t('corrections.history')}</h3>
      <ol data-testid="score-history">
        <li data-testid="history-published" data-score={two(publication.publishedScore)}>
          {t('corrections.published', {
            score: two(publication.publishedScore),
            at: formatTime(publication.publishedAt, locale),
          })}
        </li>
        {publication.corrections.map((c) => (
          <li
            key={c.id}
            data-testid="correction"
            data-status={c.status}
            data-previous={two(c.previousScore)}
            data-score={two(c.finalScore)}
          >
            <p>
              {t('corrections.entry', {
                previous: two(c.previousScore),
                score: two(c.finalScore),
                at: formatTime(c.requestedAt, locale),
              })}
            </p>
            <p data-testid="correction-reason">{t('corrections.reasonIs', { reason: c.reason })}</p>
            <p data-testid="correction-approvals">
              {t(c.chiefApprovedAt ? 'corrections.chiefApproved' : 'corrections.chiefPending')} ·{' '}
              {t(
                c.supervisorApprovedAt
                  ? 'corrections.supervisorApproved'
                  : 'corrections.supervisorPending',
              )}{' '}
              ·{' '}
              <strong>
                {c.status === 'approved'
                  ? t('corrections.approved', { at: formatTime(c.approvedAt ?? '', locale) })
                  : t('corrections.pending')}
              </strong>
            </p>
            {mayApprove(c) ? (
              <button
                type="button"
                onClick={() =>
                  void act(
                    () => apiFetch(`/scoring/corrections/${c.id}/approve`, { method: 'POST' }),
                    t('corrections.approvedNotice'),
                  )
                }
              >
                {t('corrections.approve')}
              </button>
            ) : null}
          </li>
        ))}
      </ol>
      {requests ? (
        <form
          aria-label={t('corrections.request')}
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <h3>{t('corrections.request')}</h3>
          <label>
            {t('corrections.examiner')}{' '}
            <select value={examinerId} onChange={(e) => pick(e.target.value)}>
              <option value="">{t('corrections.pickExaminer')}</option>
              {publication.sheets?.map((s) => (
                <option key={s.examinerId} value={s.examinerId}>
                  {props.names[s.examinerId] ?? s.examinerId}
                </option>
              ))}
            </select>
          </label>
          {examinerId
            ? props.dimensions.map((d) => (
                <label key={d.key}>
                  {locale === 'en' ? d.labelEn : d.label}{' '}
                  <input
                    type="number"
                    data-dimension={d.key}
                    min={0}
                    max={d.max}
                    step={0.5}
                    value={values[d.key] ?? ''}
                    onChange={(e) => setValues((v) => ({ ...v, [d.key]: e.target.value }))}
                  />
                </label>
              ))
            : null}
          <label htmlFor={reasonId}>{t('corrections.reason')}</label>{' '}
          <textarea
            id={reasonId}
            value={reason}
            maxLength={1000}
            aria-invalid={reasonError ? true : undefined}
            aria-describedby={reasonError ? reasonErrorId : undefined}
            onChange={(e) => {
              setReason(e.target.value);
              setReasonError(null);
            }}
          />
          {reasonError ? (
            <p id={reasonErrorId} role="alert" data-field-error="reason">
              {reasonError}
            </p>
          ) : null}
          <button type="submit" disabled={!examinerId}>
            {t('corrections.submit')}
          </button>
        </form>
      ) : null}
      {notice ? <p role="status">{notice}</p> : null}
      {message && !reasonError ? <p role="alert">{message}</p> : null}
    </section>
  );
}
