import { useEffect, useState } from 'react';
import type { MockQuestionEvent } from '../../../../../libs/contracts/src/room';
import type { RoomClient } from '../room/room-client';
import { useRoomText } from '../room/room-text';
import type { RoomTextKey } from '../room/room-text';

/** The sample questions of every mock interview (solo or with a trainer). */
export const QUESTIONS: RoomTextKey[] = ['mock.q1', 'mock.q2', 'mock.q3'];

/** The sample question a trainer last showed in this mock room, if any. */
export function useMockQuestion(client: RoomClient | null): MockQuestionEvent | null {
  const [shown, setShown] = useState<MockQuestionEvent | null>(null);
  useEffect(() => {
    if (!client) return;
    return client.onRoomEvent('mockQuestion', setShown);
  }, [client]);
  return shown;
}

/** Seconds left until `endsAt`, ticking once a second. */
function useSecondsLeft(endsAt: string): number {
  const left = () => Math.max(0, Math.ceil((Date.parse(endsAt) - Date.now()) / 1000));
  const [seconds, setSeconds] = useState(left);
  useEffect(() => {
    setSeconds(left());
    const timer = window.setInterval(() => setSeconds(left()), 1000);
    return () => window.clearInterval(timer);
    // `left` reads only endsAt.
  }, [endsAt]);
  return seconds;
}

/** A question a trainer showed, with its countdown (as the candidate and the trainer see it). */
export function ShownQuestion({ question }: { question: MockQuestionEvent }) {
  const { t } = useRoomText();
  const seconds = useSecondsLeft(question.endsAt);
  return (
    <section className="room-card" data-testid="mock-question" data-index={question.index}>
      <h2>{t('mock.question', { n: question.index + 1, total: question.total })}</h2>
      <p>{t(QUESTIONS[question.index] ?? 'mock.q1')}</p>
      <p role="timer" className="room-timer">
        {t('mock.remaining', { seconds })}
      </p>
    </section>
  );
}
