import { useState } from 'react';
import { apiFetch } from '../../api';
import type { ScorePublishedEvent } from '../../../../../libs/contracts/src/scoring-events';
import { ConfirmPublication } from './ConfirmPublication';
import type { ScoreFeed } from './use-score-feed';
import { useScoringText } from './scoring-text';

const two = (value: number) => value.toFixed(2);

/**
 * The confirm control under a published score in a supervisor's feed. Confirmed once the room
 * tells of it (whoever confirmed), or once the api says so after this page's own click, which
 * also covers a refusal because it was confirmed while this page was not listening.
 */
function FeedConfirmation(props: {
  event: ScorePublishedEvent;
  role: string;
  heardAt: string | null;
}) {
  const { sessionId, candidateUserId } = props.event;
  const base = `/scoring/sessions/${sessionId}/candidates/${candidateUserId}`;
  const [recordedAt, setRecordedAt] = useState<string | null>(null);
  const reload = () => {
    apiFetch<{ confirmedAt: string | null }>(`${base}/publication`)
      .then((publication) => setRecordedAt(publication.confirmedAt))
      // Unreadable now: the room's confirmation event, or the next click, tells the rest.
      .catch(() => undefined);
  };
  return (
    <ConfirmPublication
      base={base}
      role={props.role}
      confirmedAt={props.heardAt ?? recordedAt}
      onSettled={reload}
    />
  );
}

/**
 * The score as the room hears it: the announcement, the candidate's own score, confirmations.
 * With `role` 'supervisor' (the viewer's role in the session), each published score also carries
 * the supervisor's confirm control.
 */
export function ScoreFeedPanel({ feed, role }: { feed: ScoreFeed; role?: string }) {
  const { t, locale } = useScoringText();
  const lang = locale === 'en' ? 'en' : 'zh-CN';
  const heard = new Map<string, string>();
  for (const entry of feed.events) {
    if (entry.kind === 'confirmed') heard.set(entry.event.publicationId, entry.event.confirmedAt);
  }
  return (
    <section
      className="card"
      data-testid="score-feed"
      data-status={feed.status}
      data-history={feed.history}
    >
      <h2>{t('scoring.live')}</h2>
      {feed.status === 'offline' ? <p>{t('scoring.liveOffline')}</p> : null}
      {feed.status !== 'offline' && feed.events.length === 0 ? (
        <p role="status">{t('scoring.liveWaiting')}</p>
      ) : null}
      <ul>
        {feed.events.map((entry) => {
          if (entry.kind === 'published') {
            const { event } = entry;
            return (
              <li
                key={`published:${event.publicationId}`}
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
                {role === 'supervisor' ? (
                  <FeedConfirmation
                    event={event}
                    role={role}
                    heardAt={heard.get(event.publicationId) ?? null}
                  />
                ) : null}
              </li>
            );
          }
          if (entry.kind === 'confirmed') {
            return (
              <li
                key={`confirmed:${entry.event.publicationId}`}
                data-testid="score-confirmed"
                data-candidate={entry.event.candidateUserId}
              >
                {t('scoring.confirmedBy', { name: entry.event.supervisorName })}
              </li>
            );
          }
          return (
            <li
              key={`corrected:${entry.event.correctionId}`}
              data-testid="score-corrected"
              data-candidate={entry.event.candidateUserId}
              data-score={two(entry.event.finalScore)}
            >
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
