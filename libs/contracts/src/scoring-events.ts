/**
 * What the room receives when a score is published, confirmed or corrected
 * (issue 7). The api emits these through the socket.io Redis emitter to the
 * channels of `room-channels.ts`; the web app imports this file too.
 */

/** The text the chief examiner reads out, in both languages. */
export interface ScoreAnnouncement {
  'zh-CN': string;
  en: string;
}

export interface ScorePublishedEvent {
  publicationId: string;
  sessionId: string;
  candidateUserId: string;
  /** The candidate's place in the interview order (the room names candidates by slot, not name). */
  slot: number | null;
  /** Two decimals, as announced. */
  finalScore: number;
  examinerCount: number;
  announcement: ScoreAnnouncement;
  /** True on the copy sent to the candidate's own connections. */
  forCandidate: boolean;
  publishedAt: string;
}

export interface ScoreConfirmedEvent {
  publicationId: string;
  sessionId: string;
  candidateUserId: string;
  supervisorName: string;
  confirmedAt: string;
}

export interface ScoreCorrectedEvent {
  publicationId: string;
  correctionId: string;
  sessionId: string;
  candidateUserId: string;
  previousScore: number;
  finalScore: number;
  reason: string;
  announcement: ScoreAnnouncement;
  forCandidate: boolean;
  approvedAt: string;
}

/**
 * A score published before the room page (re)joined, as `GET /scoring/sessions/:id/publications`
 * returns it: the events the room would have heard, so the page merges them with live ones.
 * Copies are shaped for the caller (`forCandidate` on a candidate's own score).
 */
export interface RoomPublication {
  published: ScorePublishedEvent;
  confirmed: ScoreConfirmedEvent | null;
  /** Approved corrections only (a pending one is not announced), oldest first. */
  corrections: ScoreCorrectedEvent[];
}
