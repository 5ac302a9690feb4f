import { useState } from 'react';
import type { FormEvent } from 'react';
import { MOCK_QUESTION_COUNT } from '../../../../../libs/contracts/src/room';
import type { PageProps } from '../../navigation';
import { RoomStatusBar } from '../room/LiveRoom';
import { useLocalMedia } from '../room/local-media';
import { trainerRoomAccess } from '../room/room-access';
import type { TrainerRoomAccess } from '../room/room-access';
import { RoomRequestError } from '../room/room-client';
import { PanelView } from '../room/RoomViews';
import { useRoomText } from '../room/room-text';
import { useRoomClient } from '../room/use-room-client';
import { ShownQuestion, useMockQuestion } from './mock-questions';
import '../room/room.css';

/**
 * The trainer in a candidate's mock room: the panel's view (the candidate large,
 * call in, send back, end the rehearsal) plus the sample questions, each shown
 * to the candidate with its timer. The room stays a mock room: nothing of it
 * reaches any session's record.
 */
function TrainerRoom({ access, onLeave }: { access: TrainerRoomAccess; onLeave: () => void }) {
  const { t, locale } = useRoomText();
  const local = useLocalMedia({ audio: true, video: true });
  const { state, client } = useRoomClient(access, local.ready ? local.sources : null, {
    receive: true,
    locale,
  });
  const shown = useMockQuestion(client);
  const [error, setError] = useState<string | null>(null);
  const room = state.room;
  const trainee = room?.participants.find(
    (p) => p.userId === access.candidateUserId && p.device === 'main',
  );
  const inInterview = trainee?.area === 'interview';
  async function show(index: number) {
    if (!client) return;
    setError(null);
    try {
      await client.request('mockQuestion', { index });
    } catch (e) {
      setError(e instanceof RoomRequestError || e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <div className="room" data-testid="trainer-room" data-candidate-area={trainee?.area ?? ''}>
      <header className="room-header">
        <h2>{t('train.for', { name: access.candidateName })}</h2>
        <RoomStatusBar state={state} />
        <button type="button" className="button button--secondary" onClick={onLeave}>
          {t('train.leave')}
        </button>
      </header>
      {local.error ? <p role="alert">{t('room.mediaDenied', { message: local.error })}</p> : null}
      {room && !trainee ? <p className="room-notice">{t('train.waitCandidate')}</p> : null}
      {trainee?.area === 'done' ? (
        <p className="room-notice" data-testid="training-ended">
          {t('train.ended')}
        </p>
      ) : null}
      <section className="room-card" aria-label={t('train.questions')}>
        <h3>{t('train.questions')}</h3>
        <div className="room-controls__buttons">
          {Array.from({ length: MOCK_QUESTION_COUNT }, (_, index) => (
            <button
              key={index}
              type="button"
              className="button button--secondary"
              disabled={!inInterview}
              aria-pressed={shown?.index === index}
              onClick={() => void show(index)}
            >
              {t('train.show', { n: index + 1 })}
            </button>
          ))}
        </div>
        {error ? <p role="alert">{error}</p> : null}
      </section>
      {shown && inInterview ? <ShownQuestion question={shown} /> : null}
      {room ? (
        <PanelView room={room} remote={state.remote} local={local.stream} client={client} />
      ) : null}
    </div>
  );
}

/** /mock-training[/:candidate] — training staff run a candidate's mock interview as the panel. */
export default function MockTrainingPage({ path }: PageProps) {
  const { t } = useRoomText();
  const [candidate, setCandidate] = useState(() => decodeURIComponent(path.split('/')[2] ?? ''));
  const [access, setAccess] = useState<TrainerRoomAccess | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function join(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      setAccess(await trainerRoomAccess(candidate.trim()));
    } catch (e) {
      setError(t('room.accessFailed', { message: e instanceof Error ? e.message : String(e) }));
    }
  }
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('train.title')}</h1>
      </header>
      {access ? (
        <TrainerRoom access={access} onLeave={() => setAccess(null)} />
      ) : (
        <form className="room-card" onSubmit={(e) => void join(e)}>
          <p>{t('train.intro')}</p>
          <label>
            {t('train.candidate')}
            <input
              value={candidate}
              required
              maxLength={64}
              onChange={(e) => setCandidate(e.target.value)}
            />
          </label>
          <button type="submit" className="button">
            {t('train.join')}
          </button>
        </form>
      )}
      {error ? <p role="alert">{error}</p> : null}
    </div>
  );
}
