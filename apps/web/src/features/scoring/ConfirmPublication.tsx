import { useState } from 'react';
import { apiFetch } from '../../api';
import { formatTime } from '../applications/shared';
import { useScoringText } from './scoring-text';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The supervisor's confirmation of a published score. A supervisor of the session sees a button
 * while the score is unconfirmed; once confirmed (by them or another supervisor of the session)
 * everyone sees when. The api tells the room; a refusal (already confirmed, no longer a
 * supervisor of the session, …) is shown, and the publication is reloaded so the page shows
 * what is actually recorded.
 */
export function ConfirmPublication(props: {
  base: string;
  role: string | null;
  confirmedAt: string | null;
  /** After a confirmation or a refusal: reload the publication. */
  onSettled: () => void;
}) {
  const { t, locale } = useScoringText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const confirm = async () => {
    if (!window.confirm(t('confirm.prompt'))) return;
    setBusy(true);
    setError(null);
    try {
      await apiFetch(`${props.base}/publication/confirm`, { method: 'POST' });
      setNotice(t('confirm.done'));
    } catch (e) {
      setNotice(null);
      setError(errorText(e));
    } finally {
      setBusy(false);
      props.onSettled();
    }
  };
  const confirmed = props.confirmedAt !== null;
  return (
    <div data-testid="confirmation" data-confirmed={confirmed}>
      {confirmed ? (
        <p data-testid="confirmed">
          <strong>{t('confirm.confirmed')}</strong> ·{' '}
          {t('confirm.confirmedAt', { at: formatTime(props.confirmedAt ?? '', locale) })}
        </p>
      ) : props.role === 'supervisor' ? (
        <p>
          {t('confirm.hint')}{' '}
          <button
            type="button"
            data-testid="confirm-score"
            disabled={busy}
            onClick={() => void confirm()}
          >
            {t('confirm.button')}
          </button>
        </p>
      ) : (
        <p>{t('confirm.pending')}</p>
      )}
      {notice && confirmed ? <p role="status">{notice}</p> : null}
      {error ? <p role="alert">{error}</p> : null}
    </div>
  );
}
