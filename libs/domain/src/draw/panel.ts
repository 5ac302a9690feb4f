// Drawing a session's examiners from the pool. The eligible examiners (pool minus recusals,
// sorted ascending) are put in a random order by a plain `rfc3797-sha256-v1` draw of all of them;
// the panel is then read off that order: take each examiner in turn, except that a hiring-side
// examiner is skipped once one hiring-side examiner is already on the panel, until the panel is
// full. This is the same as drawing step by step and discarding a pick that would break the rule
// (the discarded examiner leaves the unpicked list and the step index moves on), and it keeps the
// stored record verifiable by any plain implementation of the algorithm.
import { compareIds, sortIdsAscending } from './ids';
import { DrawError, DrawRecord, drawItems } from './rfc3797';

/** At most this many panel members may come from the hiring side. */
export const MAX_HIRING_SIDE_ON_PANEL = 1;

export interface PoolExaminer {
  id: string;
  /** Works for the hiring side (the recruiting employer or organisation). */
  hiringSide: boolean;
}

export interface PanelDrawInput {
  secret: string;
  sources: readonly string[];
  pool: readonly PoolExaminer[];
  size: number;
  /** Examiners with a conflict of interest; ids not in the pool are ignored. */
  recusedIds?: readonly string[];
}

/** Extra record field that lets a verifier re-derive the panel from the drawn order. */
export interface PanelExtension {
  size: number;
  /** The eligible hiring-side examiners (all of them are among the drawn items). */
  hiringSide: string[];
  /** Pool members left out because they are recused, sorted ascending (for the reader). */
  recused: string[];
  /** The panel, in drawn order. */
  members: string[];
}

export interface PanelDrawRecord extends DrawRecord {
  panel: PanelExtension;
}

export interface PanelDraw {
  record: PanelDrawRecord;
  /** The panel, in drawn order. */
  members: PoolExaminer[];
}

/**
 * Reads the panel off a drawn order (see the module comment). Returns undefined when the order
 * runs out before the panel is full.
 */
export function selectPanelMembers(
  drawnOrder: readonly string[],
  hiringSideIds: readonly string[],
  size: number,
): string[] | undefined {
  const hiringSide = new Set(hiringSideIds);
  const members: string[] = [];
  let hiringSideSeats = 0;
  for (const id of drawnOrder) {
    if (members.length === size) break;
    if (hiringSide.has(id)) {
      if (hiringSideSeats >= MAX_HIRING_SIDE_ON_PANEL) continue;
      hiringSideSeats += 1;
    }
    members.push(id);
  }
  return members.length === size ? members : undefined;
}

export function drawPanel(input: PanelDrawInput): PanelDraw {
  if (!Number.isSafeInteger(input.size) || input.size < 1) {
    throw new DrawError(`panel size must be a whole number >= 1, got ${input.size}`);
  }
  const byId = new Map<string, PoolExaminer>();
  for (const examiner of input.pool) {
    if (byId.has(examiner.id)) {
      throw new DrawError(`examiner '${examiner.id}' appears twice in the pool`);
    }
    byId.set(examiner.id, examiner);
  }
  const recusedIds = new Set(input.recusedIds ?? []);
  const eligible = [...byId.values()]
    .filter((examiner) => !recusedIds.has(examiner.id))
    .sort((a, b) => compareIds(a.id, b.id));
  const hiringSide = eligible.filter((examiner) => examiner.hiringSide).map((e) => e.id);
  const seatable =
    eligible.length - hiringSide.length + Math.min(hiringSide.length, MAX_HIRING_SIDE_ON_PANEL);
  if (seatable < input.size) {
    throw new DrawError(
      `cannot fill a panel of ${input.size}: ${eligible.length} eligible examiner(s) after ` +
        `${byId.size - eligible.length} recusal(s), ${hiringSide.length} of them from the hiring ` +
        `side, of whom at most ${MAX_HIRING_SIDE_ON_PANEL} may sit, so at most ${seatable} can sit`,
    );
  }

  const order = drawItems({
    secret: input.secret,
    sources: input.sources,
    items: eligible.map((examiner) => examiner.id),
    count: eligible.length,
  });
  const memberIds = selectPanelMembers(order.result, hiringSide, input.size);
  if (!memberIds) throw new Error('unreachable: the seat count was checked before the draw');
  return {
    record: {
      ...order,
      panel: {
        size: input.size,
        hiringSide,
        recused: sortIdsAscending([...byId.keys()].filter((id) => recusedIds.has(id))),
        members: memberIds,
      },
    },
    members: memberIds.map((id) => byId.get(id) as PoolExaminer),
  };
}
