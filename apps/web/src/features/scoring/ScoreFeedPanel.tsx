import type { ScoreFeed } from './use-score-feed';
import { useScoringText } from './scoring-text';

const two = (value: number) => value.toFixed(2);

/** The score as the room hears it: the announcement, the candidate's own score, confirmations. */
export function ScoreFeedPanel({ feed }: { feed: ScoreFeed }) {
  const { t, locale } = useScoringText();
  const lang = locale === 'en' ? 'en' : 'zh-CN';
  return (
    <section className="card" data-testid="score-feed" data-status={feed.status}>
      <h2>{t('scoring.live')}</h2>
      {feed.status === 'offline' ? <p>{t('scoring.liveOffline')}</p> : null}
      {feed.status !== 'offline' && feed.events.length === 0 ? (
        <p role="status">{t('scoring.liveWaiting')}</p>
      ) : null}
      <ul>
        {feed.events.map((entry, index) => {
          if (entry.kind === 'published') {
            const { event } = entry;
            return (
              <li
                key={index}
                data-testid="score-published"
                data-candidate={event.candidateUserId}
                data-score={two(event.finalScore)}
                data-for-candidate={event.forCandidate}
              >
                {event.forCandidate ? (
                  <p className="score-final">
                    {t('scoring.yourScore')}: <strong>{two(event.finalScore)}</strong>
                  </p>
                ) : (
                  <p>
                    {t('scoring.slot', { slot: event.slot ?? '-' })} · {t('scoring.finalScore')}{' '}
                    <strong>{two(event.finalScore)}</strong>
                  </p>
                )}
                <p data-testid="score-announcement">{event.announcement[lang]}</p>
              </li>
            );
          }
          if (entry.kind === 'confirmed') {
            return (
              <li key={index} data-testid="score-confirmed">
                {t('scoring.confirmedBy', { name: entry.event.supervisorName })}
              </li>
            );
          }
          return (
            <li key={index} data-testid="score-corrected" data-score={two(entry.event.finalScore)}>
              {t('scoring.corrected', {
                previous: two(entry.event.previousScore),
                score: two(entry.event.finalScore),
                reason: entry.event.reason,
              })}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
