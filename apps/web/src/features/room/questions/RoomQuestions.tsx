import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { RoomSnapshot } from '../../../../../../libs/contracts/src/room';
import { apiFetch } from '../../../api';
import type { RoomClient, RoomStatus } from '../room-client';
import { readCountdown } from './question-state';
import type { DrawStateView, ShownQuestion } from './question-state';
import { useQuestionRoomText } from './question-text';
import { useRoomQuestions, viewerOf } from './use-room-questions';
import type { CommitmentCheck, QuestionViewer } from './use-room-questions';
import './questions.css';

function useServerNow(clockOffsetMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, []);
  return now + clockOffsetMs;
}

function Countdown({
  question,
  clockOffsetMs,
}: {
  question: ShownQuestion;
  clockOffsetMs: number;
}) {
  const { t } = useQuestionRoomText();
  const reading = readCountdown(question, useServerNow(clockOffsetMs));
  return (
    <div
      className={`room-countdown room-countdown--${reading.phase}`}
      data-testid="question-countdown"
      data-phase={reading.phase}
      data-seconds-left={reading.secondsLeft}
    >
      {reading.phase === 'over' ? (
        <strong>{t('questions.timeUp')}</strong>
      ) : (
        <>
          {t('questions.remaining')} <strong>{reading.display}</strong>
        </>
      )}
      {reading.phase === 'warning' ? (
        <span className="room-countdown__warning" role="status">
          {t('questions.warning')}
        </span>
      ) : null}
    </div>
  );
}

function Guidance({ question }: { question: ShownQuestion }) {
  const { t } = useQuestionRoomText();
  const { guidance, dimensions } = question;
  return (
    <div className="room-question__guidance" data-testid="question-guidance">
      {dimensions && dimensions.length > 0 ? (
        <p>
          {t('questions.dimensions')}：{dimensions.join('、')}
        </p>
      ) : null}
      {guidance ? (
        <>
          <h4>{t('questions.guidance')}</h4>
          {guidance.referencePoints.length > 0 ? (
            <>
              <h5>{t('questions.referencePoints')}</h5>
              <ul>
                {guidance.referencePoints.map((point, i) => (
                  <li key={i}>{point}</li>
                ))}
              </ul>
            </>
          ) : null}
          {guidance.bands.length > 0 ? (
            <>
              <h5>{t('questions.bands')}</h5>
              <ul>
                {guidance.bands.map((band) => (
                  <li key={band.label}>
                    {t('questions.band', { label: band.label, min: band.min, max: band.max })}
                    {band.description ? ` · ${band.description}` : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

function CurrentQuestion({
  question,
  viewer,
  room,
  clockOffsetMs,
}: {
  question: ShownQuestion;
  viewer: QuestionViewer;
  room: RoomSnapshot;
  clockOffsetMs: number;
}) {
  const { t } = useQuestionRoomText();
  const candidateName = room.participants.find((p) => p.userId === question.candidateUserId)?.name;
  return (
    <article
      className="room-question"
      data-testid="current-question"
      data-index={question.index}
      aria-live="polite"
    >
      <header className="room-question__header">
        <span>{t('questions.position', { n: question.index + 1, total: question.total })}</span>
        {viewer !== 'candidate' && candidateName ? (
          <span>{t('questions.for', { name: candidateName })}</span>
        ) : null}
      </header>
      <p className="room-question__text" data-testid="question-text">
        {question.text}
      </p>
      <Countdown question={question} clockOffsetMs={clockOffsetMs} />
      {/* The candidate never gets guidance from the api; this guard keeps it off their screen regardless. */}
      {viewer !== 'candidate' ? <Guidance question={question} /> : null}
    </article>
  );
}

const CHECK_TEXT = {
  checking: 'questions.commitmentChecking',
  ok: 'questions.commitmentOk',
  bad: 'questions.commitmentBad',
} as const;

function DrawStatus({
  draw,
  check,
  viewer,
}: {
  draw: DrawStateView;
  check: CommitmentCheck | null;
  viewer: QuestionViewer;
}) {
  const { t } = useQuestionRoomText();
  return (
    <div className="room-draw" data-testid="draw-status" data-drawn={draw.drawn}>
      <p className="room-draw__headline">
        {draw.drawn ? t('questions.drawn') : t('questions.notDrawn')}
        {draw.drawn && draw.set && viewer !== 'candidate'
          ? ` · ${t('questions.set', { code: draw.set.code, title: draw.set.title })}`
          : ''}
      </p>
      {draw.drawn && check ? (
        <p
          className={`room-draw__check room-draw__check--${check}`}
          data-testid="commitment-check"
          data-result={check}
        >
          {t(CHECK_TEXT[check])}
        </p>
      ) : null}
      <p className="room-draw__commitment">
        {t('questions.commitment')}: <code>{draw.commitment}</code>
      </p>
      {draw.drawn ? (
        // A new tab: leaving this page would leave the room.
        <a href={`/draws/${draw.sessionId}`} target="_blank" rel="noopener noreferrer">
          {t('questions.publicRecord')}
        </a>
      ) : null}
      {viewer !== 'candidate' ? (
        <p data-testid="supervisor-value-status" data-entered={draw.supervisorValue !== null}>
          {draw.supervisorValue
            ? t('questions.supervisorEntered', { value: draw.supervisorValue.value })
            : t('questions.supervisorWaiting')}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The session's questions in the live room: the draw and its commitment check
 * for everyone, the current question with its countdown for the candidate and
 * the panel (plus scoring guidance for the panel and supervisors), the chief's
 * draw and next-question controls and the supervisor's value.
 */
export function RoomQuestions({
  room,
  client,
  status,
}: {
  room: RoomSnapshot;
  client: RoomClient | null;
  status: RoomStatus;
}) {
  const { t } = useQuestionRoomText();
  const viewer = viewerOf(room.self.role);
  const sessionId = room.sessionId;
  const { state, reload, applyDraw } = useRoomQuestions({
    sessionId,
    selfUserId: room.self.userId,
    viewer,
    client,
    status,
  });
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const base = `/sessions/${encodeURIComponent(sessionId)}`;

  async function act(work: () => Promise<void>) {
    setBusy(true);
    setActionError(null);
    try {
      await work();
    } catch (error) {
      setActionError(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  function submitValue(event: FormEvent) {
    event.preventDefault();
    void act(async () => {
      applyDraw(
        await apiFetch<DrawStateView>(`${base}/question-draw/supervisor-value`, {
          method: 'POST',
          body: { value: value.trim() },
        }),
      );
    });
  }

  const drawSet = () =>
    void act(async () => {
      applyDraw(await apiFetch<DrawStateView>(`${base}/question-draw`, { method: 'POST' }));
    });

  // The candidate in front of the panel gets the next question; with nobody there, the api picks.
  const inInterview = room.participants.find(
    (p) => p.role === 'candidate' && p.device === 'main' && p.area === 'interview',
  );
  const nextQuestion = () =>
    void act(async () => {
      await apiFetch(`${base}/questions/next`, {
        method: 'POST',
        body: inInterview ? { candidateUserId: inInterview.userId } : {},
      });
      // The room event brings the question; reading it too covers a socket that is down.
      await reload();
    });

  const { draw, check, question } = state;
  const isChief = room.self.role === 'chief_examiner';
  return (
    <section
      className="room-card room-questions"
      data-testid="room-questions"
      aria-label={t('questions.title')}
    >
      <h2>{t('questions.title')}</h2>
      {draw ? <DrawStatus draw={draw} check={check} viewer={viewer} /> : null}
      {viewer === 'supervisor' && draw && !draw.drawn && !draw.supervisorValue ? (
        <form className="room-draw__value" onSubmit={submitValue}>
          <label>
            {t('questions.valueLabel')}{' '}
            <input
              value={value}
              maxLength={100}
              onChange={(e) => setValue(e.target.value)}
              autoComplete="off"
            />
          </label>{' '}
          <button type="submit" className="button" disabled={busy || value.trim() === ''}>
            {t('questions.submitValue')}
          </button>
          <p className="room-draw__hint">{t('questions.valueHint')}</p>
        </form>
      ) : null}
      {isChief && draw ? (
        <div className="room-controls__buttons">
          {!draw.drawn ? (
            <button
              type="button"
              className="button"
              disabled={busy || !draw.supervisorValue}
              title={draw.supervisorValue ? undefined : t('questions.drawNeedsValue')}
              onClick={drawSet}
            >
              {t('questions.draw')}
            </button>
          ) : (
            <button type="button" className="button" disabled={busy} onClick={nextQuestion}>
              {t('questions.next')}
            </button>
          )}
        </div>
      ) : null}
      {actionError ? <p role="alert">{actionError}</p> : null}
      {state.error ? (
        <p role="alert">{t('questions.loadFailed', { message: state.error })}</p>
      ) : null}
      {viewer !== 'proctor' && draw?.drawn ? (
        question ? (
          <CurrentQuestion
            question={question}
            viewer={viewer}
            room={room}
            clockOffsetMs={state.clockOffsetMs}
          />
        ) : (
          <p className="room-empty">{t('questions.noQuestion')}</p>
        )
      ) : null}
    </section>
  );
}
