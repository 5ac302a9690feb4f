import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  QuestionDrawnEvent,
  QuestionRevealedEvent,
} from '../../../../../../libs/contracts/src/room';
import type { RoomRole } from '../../../../../../libs/contracts/src/room-token';
import { apiFetch } from '../../../api';
import { commitmentOf } from '../../draw/verify';
import type { RoomClient, RoomStatus } from '../room-client';
import { currentQuestion, newer } from './question-state';
import type { DrawStateView, QuestionsView, ShownQuestion } from './question-state';

/** Who sees what: the candidate text and timer, the panel and supervisors also guidance, proctors the draw only. */
export type QuestionViewer = 'candidate' | 'panel' | 'supervisor' | 'proctor';

export function viewerOf(role: RoomRole): QuestionViewer {
  if (role === 'candidate' || role === 'supervisor' || role === 'proctor') return role;
  return 'panel';
}

export type CommitmentCheck = 'checking' | 'ok' | 'bad';

export interface RoomQuestionsState {
  draw: DrawStateView | null;
  check: CommitmentCheck | null;
  question: ShownQuestion | null;
  /** Server time minus this browser's time, learnt from a live reveal: countdowns run on server time. */
  clockOffsetMs: number;
  error: string | null;
}

/** While the chief waits for the supervisor's value (no room event carries it), the state is re-read this often. */
const VALUE_POLL_MS = 3000;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The session's question draw and questions, as one room page sees them: read
 * from the api on every (re)join, kept current by the room events
 * `questionDrawn` and `questionRevealed` in between.
 */
export function useRoomQuestions(options: {
  sessionId: string;
  selfUserId: string;
  viewer: QuestionViewer;
  client: RoomClient | null;
  status: RoomStatus;
}) {
  const { sessionId, selfUserId, viewer, client, status } = options;
  const [state, setState] = useState<RoomQuestionsState>({
    draw: null,
    check: null,
    question: null,
    clockOffsetMs: 0,
    error: null,
  });
  /** The commitment this page saw before the draw: the revealed secret must hash to it. */
  const publishedBefore = useRef<string | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const patch = useCallback((update: (previous: RoomQuestionsState) => RoomQuestionsState) => {
    if (alive.current) setState(update);
  }, []);

  const checkCommitment = useCallback(
    async (record: { commitment: string; secret: string }, serverSays?: boolean) => {
      patch((s) => ({ ...s, check: s.check ?? 'checking' }));
      let matches: boolean;
      try {
        matches =
          (await commitmentOf(record.secret)) === record.commitment &&
          (publishedBefore.current === null || publishedBefore.current === record.commitment) &&
          serverSays !== false;
      } catch {
        // No Web Crypto (an insecure origin): only the server's word is left.
        matches = serverSays === true;
      }
      patch((s) => ({ ...s, check: matches ? 'ok' : 'bad' }));
    },
    [patch],
  );

  const applyDraw = useCallback(
    (draw: DrawStateView) => {
      if (!draw.drawn) publishedBefore.current = draw.commitment;
      // A read that started before a live draw event must not undo it.
      patch((s) => ({ ...s, draw: s.draw?.drawn && !draw.drawn ? s.draw : draw }));
      if (draw.drawn && draw.record) void checkCommitment(draw.record);
    },
    [patch, checkCommitment],
  );

  const loadDraw = useCallback(async () => {
    try {
      applyDraw(
        await apiFetch<DrawStateView>(`/sessions/${encodeURIComponent(sessionId)}/question-draw`),
      );
    } catch (error) {
      patch((s) => ({ ...s, error: messageOf(error) }));
    }
  }, [sessionId, applyDraw, patch]);

  const loadQuestions = useCallback(async () => {
    // Proctors never receive question content.
    if (viewer === 'proctor') return;
    try {
      const view = await apiFetch<QuestionsView>(
        `/sessions/${encodeURIComponent(sessionId)}/questions`,
      );
      const loaded = currentQuestion(view, selfUserId);
      if (loaded) patch((s) => ({ ...s, question: newer(s.question, loaded) }));
    } catch (error) {
      patch((s) => ({ ...s, error: messageOf(error) }));
    }
  }, [sessionId, selfUserId, viewer, patch]);

  const reload = useCallback(async () => {
    patch((s) => ({ ...s, error: null }));
    await Promise.all([loadDraw(), loadQuestions()]);
  }, [loadDraw, loadQuestions, patch]);

  // Events sent while the socket was down are lost: every (re)join reads the api again.
  useEffect(() => {
    if (status === 'joined') void reload();
  }, [status, reload]);

  useEffect(() => {
    if (!client) return;
    const offDrawn = client.onRoomEvent('questionDrawn', (event: QuestionDrawnEvent) => {
      if (event.sessionId !== sessionId) return;
      patch((s) => ({
        ...s,
        draw: s.draw
          ? { ...s.draw, drawn: true, record: event, commitment: s.draw.commitment }
          : s.draw,
      }));
      void checkCommitment(event, event.commitmentMatches);
      // The set's title and the supervisor's value come with the state, not the event.
      void loadDraw();
    });
    const offRevealed = client.onRoomEvent('questionRevealed', (event: QuestionRevealedEvent) => {
      if (event.sessionId !== sessionId) return;
      const { sessionId: _session, ...question } = event;
      void _session;
      const clockOffsetMs = Date.parse(event.revealedAt) - Date.now();
      patch((s) => {
        const shown = newer(s.question, question);
        return shown === question ? { ...s, question, clockOffsetMs } : s;
      });
    });
    // The media node lost Redis for a while: a draw or a question may not have arrived.
    const offResync = client.onRoomEvent('resync', () => void reload());
    return () => {
      offDrawn();
      offRevealed();
      offResync();
    };
  }, [client, sessionId, patch, checkCommitment, loadDraw, reload]);

  const waitingForValue =
    viewer === 'panel' && state.draw !== null && !state.draw.drawn && !state.draw.supervisorValue;
  useEffect(() => {
    if (!waitingForValue || status !== 'joined') return;
    const timer = window.setInterval(() => void loadDraw(), VALUE_POLL_MS);
    return () => window.clearInterval(timer);
  }, [waitingForValue, status, loadDraw]);

  return { state, reload, applyDraw };
}
