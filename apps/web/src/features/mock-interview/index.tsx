import { useEffect, useRef, useState } from 'react';
import { RoomStatusBar } from '../room/LiveRoom';
import { MediaTile } from '../room/MediaTile';
import { useLocalMedia } from '../room/local-media';
import { mockRoomAccess } from '../room/room-access';
import type { RoomAccess } from '../room/room-access';
import { groupByPeer } from '../room/RoomViews';
import { useRoomText } from '../room/room-text';
import { useRoomClient } from '../room/use-room-client';
import { QUESTIONS, ShownQuestion, useMockQuestion } from './mock-questions';
import '../room/room.css';
import { MOCK_QUESTION_SECONDS } from '../../../../../libs/contracts/src/room';

const SECONDS_PER_QUESTION = MOCK_QUESTION_SECONDS;

/** Records the candidate from the call-in to the end, for playback. */
function useRecorder(stream: MediaStream | null, recording: boolean): string | null {
  const [url, setUrl] = useState<string | null>(null);
  const recorderRef = useRef<MediaRecorder | null>(null);
  useEffect(() => {
    if (!stream || !recording) return;
    const chunks: Blob[] = [];
    const recorder = new MediaRecorder(stream);
    recorder.ondataavailable = (event) => event.data.size > 0 && chunks.push(event.data);
    recorder.onstop = () =>
      setUrl(URL.createObjectURL(new Blob(chunks, { type: recorder.mimeType })));
    recorder.start(1000);
    recorderRef.current = recorder;
    return () => {
      if (recorder.state !== 'inactive') recorder.stop();
    };
  }, [stream, recording]);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  return url;
}

function Countdown({ question, onDone }: { question: number; onDone: () => void }) {
  const { t } = useRoomText();
  const [left, setLeft] = useState(SECONDS_PER_QUESTION);
  useEffect(() => {
    setLeft(SECONDS_PER_QUESTION);
    const timer = window.setInterval(() => setLeft((s) => Math.max(0, s - 1)), 1000);
    return () => window.clearInterval(timer);
  }, [question]);
  useEffect(() => {
    if (left === 0) onDone();
  }, [left, onDone]);
  return (
    <p role="timer" className="room-timer">
      {t('mock.remaining', { seconds: left })}
    </p>
  );
}

function MockRoom({
  access,
  onFinished,
}: {
  access: RoomAccess;
  onFinished: (recording: string | null) => void;
}) {
  const { t, locale } = useRoomText();
  const local = useLocalMedia({ audio: true, video: true });
  const { state, client } = useRoomClient(access, local.ready ? local.sources : null, {
    receive: true,
    locale,
  });
  const calledIn = state.room?.self.area === 'interview';
  const [question, setQuestion] = useState(0);
  const [soloFinished, setSoloFinished] = useState(false);
  // Training staff in the room play the panel: they call in, show the questions, end the rehearsal.
  const shown = useMockQuestion(client);
  const trainerSeen =
    shown !== null || (state.room?.participants.some((p) => p.role === 'chief_examiner') ?? false);
  const [withTrainer, setWithTrainer] = useState(false);
  useEffect(() => {
    if (trainerSeen) setWithTrainer(true);
  }, [trainerSeen]);
  const finished = soloFinished || state.room?.self.area === 'done';
  const recording = useRecorder(local.stream, calledIn && !finished);
  useEffect(() => {
    if (finished && recording) onFinished(recording);
  }, [finished, recording, onFinished]);
  const next = () =>
    question + 1 < QUESTIONS.length ? setQuestion(question + 1) : setSoloFinished(true);
  const trainers = groupByPeer(state.remote);
  return (
    <div
      className="room-layout"
      data-area={state.room?.self.area}
      data-mode={withTrainer ? 'trainer' : 'solo'}
    >
      <RoomStatusBar state={state} />
      {!calledIn && !finished ? (
        <section className="room-notice" data-testid="waiting-notice">
          <h2>{t('room.waiting.title')}</h2>
          <p>{t('mock.waiting')}</p>
        </section>
      ) : null}
      {calledIn && withTrainer ? (
        <>
          <p className="room-notice">{t('mock.withTrainer')}</p>
          {shown ? (
            <ShownQuestion question={shown} />
          ) : (
            <p className="room-notice" data-testid="mock-await-question">
              {t('mock.trainerWillAsk')}
            </p>
          )}
        </>
      ) : null}
      {calledIn && !withTrainer ? (
        <section className="room-card" data-testid="mock-question">
          <h2>{t('mock.question', { n: question + 1, total: QUESTIONS.length })}</h2>
          <p>{t(QUESTIONS[question])}</p>
          <Countdown question={question} onDone={next} />
          <button type="button" className="button" disabled={finished} onClick={next}>
            {t('mock.next')}
          </button>
        </section>
      ) : null}
      {trainers.length > 0 ? (
        <div className="room-grid" data-testid="panel-grid">
          {trainers.map((peer) => (
            <MediaTile
              key={peer.peerId}
              label={
                state.room?.participants.find((p) => p.peerId === peer.peerId)?.name ?? peer.role
              }
              tracks={peer.tracks}
              testId="remote-tile"
            />
          ))}
        </div>
      ) : null}
      <div className="room-self">
        <MediaTile
          label={state.room?.self.name ?? ''}
          stream={local.stream}
          self
          testId="self-tile"
        />
      </div>
    </div>
  );
}

/** /mock-interview — the whole procedure alone: waiting room, call-in, questions, own recording. */
export default function MockInterviewPage() {
  const { t } = useRoomText();
  const [access, setAccess] = useState<RoomAccess | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [recording, setRecording] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  async function start() {
    setError(null);
    setRecording(null);
    try {
      setAccess(await mockRoomAccess());
      setRound((r) => r + 1);
    } catch (e) {
      setError(t('room.accessFailed', { message: e instanceof Error ? e.message : String(e) }));
    }
  }
  return (
    <div className="room">
      <h1>{t('mock.title')}</h1>
      {!access ? (
        <>
          <p>{t('mock.intro')}</p>
          <button type="button" className="button" onClick={() => void start()}>
            {recording ? t('mock.again') : t('mock.start')}
          </button>
        </>
      ) : null}
      {error ? <p role="alert">{error}</p> : null}
      {access ? (
        <MockRoom
          key={round}
          access={access}
          onFinished={(url) => {
            setRecording(url);
            setAccess(null);
          }}
        />
      ) : null}
      {recording ? (
        <section className="room-card">
          <p>{t('mock.finished')}</p>
          <video
            src={recording}
            controls
            playsInline
            data-testid="playback"
            style={{ maxWidth: '100%' }}
          />
        </section>
      ) : null}
    </div>
  );
}
