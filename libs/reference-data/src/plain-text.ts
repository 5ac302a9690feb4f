import { Matches } from 'class-validator';

/** Postgres text cannot hold NUL characters; refuse them at the edge instead of failing on insert. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what is refused
export const PlainText = (options?: { each?: boolean }) => Matches(/^[^\u0000]*$/, options);
