// Item ids are ordered by plain UTF-16 code-unit comparison (what `<` does on strings), never by
// locale: every implementation in every language can reproduce it byte for byte. Note that this
// is not numeric order ('C10' < 'C9'), so numeric ids should be zero-padded ('C09' < 'C10').

export function compareIds(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/** A sorted copy; the input is left untouched. */
export function sortIdsAscending(ids: readonly string[]): string[] {
  return [...ids].sort(compareIds);
}
