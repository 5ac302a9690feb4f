import { ApiError, apiFetch } from '../../api';
import type {
  RoomPublication,
  ScoreConfirmedEvent,
  ScoreCorrectedEvent,
  ScorePublishedEvent,
} from '../../../../../libs/contracts/src/scoring-events';

/**
 * A session's scores as one page knows them: those the api lists (published before the page
 * joined, or while its connection was down) merged with those the room announces live, each
 * publication once. Used by the interview room page and by the listen-only feeds (scoring
 * console, /score-live).
 */

export type ScoreFeedEvent =
  | { kind: 'published'; event: ScorePublishedEvent }
  | { kind: 'confirmed'; event: ScoreConfirmedEvent }
  | { kind: 'corrected'; event: ScoreCorrectedEvent };

/** What the page knows of one publication. */
interface Known {
  published: ScorePublishedEvent | null;
  confirmed: ScoreConfirmedEvent | null;
  /** By correction id. */
  corrections: Map<string, ScoreCorrectedEvent>;
}

/** By publication id. */
export type Ledger = ReadonlyMap<string, Known>;

const blank = (): Known => ({ published: null, confirmed: null, corrections: new Map() });

/** The ledger with one publication changed (a new map and record: state is never mutated). */
function withEntry(ledger: Ledger, publicationId: string, change: (known: Known) => Known): Ledger {
  const current = ledger.get(publicationId) ?? blank();
  const next = new Map(ledger);
  next.set(publicationId, change({ ...current, corrections: new Map(current.corrections) }));
  return next;
}

/** The ledger with one event the room announced. */
export function withEvent(ledger: Ledger, entry: ScoreFeedEvent): Ledger {
  switch (entry.kind) {
    case 'published':
      return withEntry(ledger, entry.event.publicationId, (known) => ({
        ...known,
        published: entry.event,
      }));
    case 'confirmed':
      return withEntry(ledger, entry.event.publicationId, (known) => ({
        ...known,
        confirmed: entry.event,
      }));
    case 'corrected':
      return withEntry(ledger, entry.event.publicationId, (known) => {
        known.corrections.set(entry.event.correctionId, entry.event);
        return known;
      });
  }
}

/**
 * Adds what the api lists to what the room said: one entry per publication, the later word
 * wins. A confirmation or correction is never taken back, so a list read before the room
 * announced one (the request crossed the event) does not hide it.
 */
export function withListed(ledger: Ledger, listed: readonly RoomPublication[]): Ledger {
  let next = ledger;
  for (const item of listed) {
    next = withEntry(next, item.published.publicationId, (known) => {
      for (const c of item.corrections) known.corrections.set(c.correctionId, c);
      return {
        published: item.published,
        confirmed: item.confirmed ?? known.confirmed,
        corrections: known.corrections,
      };
    });
  }
  return next;
}

const ORDER: Record<ScoreFeedEvent['kind'], number> = { published: 0, corrected: 1, confirmed: 2 };

const timeOf = (entry: ScoreFeedEvent) =>
  Date.parse(
    entry.kind === 'published'
      ? entry.event.publishedAt
      : entry.kind === 'confirmed'
        ? entry.event.confirmedAt
        : entry.event.approvedAt,
  );

/** The feed in the order things happened (server times), each event once. */
export function eventsOf(ledger: Ledger): ScoreFeedEvent[] {
  const events: ScoreFeedEvent[] = [];
  for (const known of ledger.values()) {
    if (known.published) events.push({ kind: 'published', event: known.published });
    for (const event of known.corrections.values()) events.push({ kind: 'corrected', event });
    if (known.confirmed) events.push({ kind: 'confirmed', event: known.confirmed });
  }
  return events.sort((a, b) => timeOf(a) - timeOf(b) || ORDER[a.kind] - ORDER[b.kind]);
}

const refusal = (status: number) =>
  status >= 400 && status < 500 && status !== 408 && status !== 429;

/** Retries of a list that failed (api unreachable). */
const RETRY_MS = [1000, 3000, 8000, 15_000];

/**
 * Reads the session's published scores from the api, retrying while it is unreachable (a
 * refusal is final: the caller is no longer in the session, and the room still talks).
 * Returns a function that cancels the read and its retries: call it before starting the next
 * read (every (re)join and every `resync`), so an older answer never reports over a newer one.
 */
export function readPublications(
  sessionId: string,
  report: { listed(listed: RoomPublication[]): void; failed(): void },
): () => void {
  let cancelled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const attempt = (n: number) => {
    apiFetch<RoomPublication[]>(`/scoring/sessions/${sessionId}/publications`)
      .then((listed) => !cancelled && report.listed(listed))
      .catch((error: unknown) => {
        if (cancelled) return;
        report.failed();
        if (error instanceof ApiError && refusal(error.status)) return;
        timer = setTimeout(() => attempt(n + 1), RETRY_MS[Math.min(n, RETRY_MS.length - 1)]);
      });
  };
  attempt(0);
  return () => {
    cancelled = true;
    clearTimeout(timer);
  };
}
