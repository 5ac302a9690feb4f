import { sortIdsAscending } from './ids';
import { DrawRecord, drawItems } from './rfc3797';

export interface ShuffleInput {
  secret: string;
  sources: readonly string[];
  /** In any order: they are sorted ascending before the draw, as the algorithm requires. */
  items: readonly string[];
}

/**
 * A full random order of the items (e.g. the interview order of a session's candidates): a draw
 * of every item from the ids sorted ascending. `record.result` is the order.
 */
export function shuffleByDraw(input: ShuffleInput): DrawRecord {
  return drawItems({
    secret: input.secret,
    sources: input.sources,
    items: sortIdsAscending(input.items),
    count: input.items.length,
  });
}
