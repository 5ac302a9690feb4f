import type {
  QuestionGuidance,
  QuestionRevealedEvent,
} from '../../../../../../libs/contracts/src/room';

/**
 * What the room's questions panel knows, built from the api's answers on
 * (re)join and from the room events in between. Pure functions: no IO.
 */

/** `GET /api/sessions/:id/question-draw` (state, never question content). */
export interface DrawStateView {
  sessionId: string;
  commitment: string;
  supervisorValue: { value: string; enteredAt: string } | null;
  drawn: boolean;
  record: { commitment: string; secret: string } | null;
  set: { id: string; code: string; title: string; questionCount: number } | null;
}

interface Timing {
  timeAllowedSeconds: number;
  revealedAt: string;
  endsAt: string;
  warningAt: string;
}

/** `GET /api/sessions/:id/questions`: what the caller may see. */
export type QuestionsView =
  | {
      audience: 'candidate';
      drawn: boolean;
      total: number | null;
      questions: (Timing & { index: number; total: number; text: string })[];
    }
  | {
      audience: 'panel';
      drawn: boolean;
      questions: {
        index: number;
        text: string;
        dimensions: string[];
        timeAllowedSeconds: number;
        guidance: QuestionGuidance;
      }[];
      reveals: (Timing & { candidateUserId: string; index: number })[];
    };

/** One question as shown in the room; dimensions and guidance only for the panel and supervisors. */
export type ShownQuestion = Omit<QuestionRevealedEvent, 'sessionId'>;

/** The question currently on screen: the one revealed last (a reveal replaces the previous one). */
export function currentQuestion(view: QuestionsView, selfUserId: string): ShownQuestion | null {
  if (view.audience === 'candidate') {
    const last = latest(view.questions);
    return last ? { ...last, candidateUserId: selfUserId } : null;
  }
  const reveal = latest(view.reveals);
  const question = reveal ? view.questions[reveal.index] : undefined;
  if (!reveal || !question) return null;
  return {
    ...reveal,
    total: view.questions.length,
    text: question.text,
    dimensions: question.dimensions,
    guidance: question.guidance,
  };
}

function latest<T extends { revealedAt: string }>(items: T[]): T | undefined {
  return items.reduce<T | undefined>(
    (found, item) =>
      !found || Date.parse(item.revealedAt) >= Date.parse(found.revealedAt) ? item : found,
    undefined,
  );
}

/** A later event wins; an older one (arriving after a reload) never replaces what is shown. */
export function newer(shown: ShownQuestion | null, incoming: ShownQuestion): ShownQuestion {
  if (!shown) return incoming;
  return Date.parse(incoming.revealedAt) >= Date.parse(shown.revealedAt) ? incoming : shown;
}

export type CountdownPhase = 'running' | 'warning' | 'over';

export interface CountdownReading {
  phase: CountdownPhase;
  /** Whole seconds left, rounded up (so 0 only when the time is over). */
  secondsLeft: number;
  /** mm:ss */
  display: string;
}

/** The countdown of one question at server time `now` (ms since the epoch). */
export function readCountdown(
  timer: Pick<Timing, 'endsAt' | 'warningAt'>,
  now: number,
): CountdownReading {
  const secondsLeft = Math.max(0, Math.ceil((Date.parse(timer.endsAt) - now) / 1000));
  const phase: CountdownPhase =
    secondsLeft === 0 ? 'over' : now >= Date.parse(timer.warningAt) ? 'warning' : 'running';
  const minutes = String(Math.floor(secondsLeft / 60)).padStart(2, '0');
  const seconds = String(secondsLeft % 60).padStart(2, '0');
  return { phase, secondsLeft, display: `${minutes}:${seconds}` };
}
