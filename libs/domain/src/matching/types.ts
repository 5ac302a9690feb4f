// Types of the matching capability: hires (people already hired) are matched to concrete
// employer positions by discipline and by their own ranked preferences.

export const MATCH_ALGORITHMS = ['serial', 'optimal'] as const;
export type MatchAlgorithm = (typeof MATCH_ALGORITHMS)[number];

export function isMatchAlgorithm(value: unknown): value is MatchAlgorithm {
  return typeof value === 'string' && (MATCH_ALGORITHMS as readonly string[]).includes(value);
}

/** An employer position. Extra fields (unit, title, level, ...) are allowed and ignored. */
export interface MatchPosition {
  id: string;
  /** Number of seats, an integer >= 0. */
  quota: number;
  /** Accepted disciplines, 4-digit codes of the national discipline catalogue (e.g. "0202"). */
  disciplines: string[];
  [extra: string]: unknown;
}

/** A hire and their ranked wishes. Extra fields are allowed and ignored. */
export interface MatchHire {
  id: string;
  /** Final rank in the campaign, an integer >= 1 (1 is best); equal ranks are allowed. */
  rank: number;
  /** The hire's discipline, a 4-digit code. */
  discipline: string;
  /** Position ids, most wanted first. `choice` numbers refer to 1-based indexes in this list. */
  preferences: string[];
  /**
   * Tie-break among hires of equal rank: lower goes first. The platform takes it from a
   * verifiable lot (draw engine). Hires without a lot come after hires with one; remaining ties
   * are ordered by id (code-unit order).
   */
  lot?: number;
  [extra: string]: unknown;
}

export interface MatchInput {
  positions: MatchPosition[];
  hires: MatchHire[];
}

/** Why a preference entry was not (or could not be) used. */
export type SkipReason =
  /** The position was full (all its seats went to other hires). */
  | 'filled'
  /** The position has a quota of 0. */
  | 'no_places'
  /** No position with that id exists (ignored, with a warning). */
  | 'unknown_position'
  /** The position does not accept the hire's discipline (ignored, with a warning). */
  | 'discipline_not_accepted'
  /** The entry repeats an earlier entry of the same list (ignored, with a warning). */
  | 'duplicate';

export interface SkippedChoice {
  /** 1-based index in the hire's original preference list. */
  choice: number;
  position: string;
  reason: SkipReason;
}

/**
 * A structured, language-neutral explanation; render it with `explainAssignment`.
 * `skipped` lists, in list order, every preference entry ranked above the outcome and why it
 * was not used (for an unassigned hire: every entry).
 */
export type MatchExplanation =
  | {
      code: 'serial.assigned';
      params: {
        choice: number;
        position: string;
        /** 1-based place of the hire in the serial order (rank, then lot, then id). */
        turn: number;
        discipline: string;
        skipped: SkippedChoice[];
      };
    }
  | {
      code: 'serial.unassigned';
      params: {
        turn: number;
        listed: number;
        valid: number;
        discipline: string;
        skipped: SkippedChoice[];
      };
    }
  | {
      code: 'optimal.assigned';
      params: { choice: number; position: string; discipline: string; skipped: SkippedChoice[] };
    }
  | {
      code: 'optimal.unassigned';
      params: { listed: number; valid: number; discipline: string; skipped: SkippedChoice[] };
    }
  | {
      code: 'no_valid_choices';
      params: { listed: number; discipline: string; skipped: SkippedChoice[] };
    }
  | {
      code: 'backfill.assigned';
      params: {
        algorithm: MatchAlgorithm;
        choice: number;
        position: string;
        discipline: string;
        skipped: SkippedChoice[];
      };
    };

export type MatchExplanationCode = MatchExplanation['code'];

export interface MatchAssignment {
  hire: string;
  position: string;
  /** 1-based index of the position in the hire's original preference list. */
  choice: number;
  explanation: MatchExplanation;
}

export interface UnassignedDetail {
  hire: string;
  explanation: MatchExplanation;
}

export type MatchWarningCode =
  'unknown_position' | 'discipline_not_accepted' | 'duplicate_preference';

/** A preference entry that was ignored. */
export interface MatchWarning {
  code: MatchWarningCode;
  hire: string;
  position: string;
  /** 1-based index of the ignored entry in the hire's preference list. */
  choice: number;
  /** One-line English message, e.g. for a CLI's stderr. */
  message: string;
}

/**
 * The result contract (used by the CLI's out.json and the HR API). The first five fields are
 * the published contract; the others are additions.
 */
export interface MatchResult {
  algorithm: MatchAlgorithm;
  /** In serial order of the hires (rank, lot, id). */
  assignments: MatchAssignment[];
  /** Hire ids, in serial order. */
  unassigned: string[];
  assigned: number;
  /** Sum of `choice` over all assignments. */
  totalChoice: number;
  /** Number of assignments per choice number, e.g. {"1": 812, "2": 140}; keys 1..max choice. */
  choiceHistogram: Record<string, number>;
  /** Explanations for the unassigned hires, in the same order as `unassigned`. */
  unassignedDetails: UnassignedDetail[];
  /** Ignored preference entries, in input order. */
  warnings: MatchWarning[];
}
