/**
 * Who an audit entry names as its actor: `user:<uuid>` for a signed-in person,
 * `system` for the platform itself (boot, schedules, the worker), `anonymous`
 * for a request without a valid sign-in (a failed login, a public page).
 */
export const AUDIT_ACTOR_PATTERN =
  /^(?:system|anonymous|user:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

const USER_ACTOR = /^user:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The user id of a `user:<uuid>` actor, lower-cased; null for any other actor. */
export function userIdOfActor(actor: string): string | null {
  const match = USER_ACTOR.exec(actor);
  return match ? match[1].toLowerCase() : null;
}

/** The distinct user ids among some actors, in first-seen order. */
export function userIdsOfActors(actors: Iterable<string>): string[] {
  const ids = new Set<string>();
  for (const actor of actors) {
    const id = userIdOfActor(actor);
    if (id) ids.add(id);
  }
  return [...ids];
}

/**
 * A LIKE pattern matching every text that starts with `prefix` literally: `_` and `%` are
 * common in action names (`auth.login_failed`) and must not act as wildcards. Use with
 * `ESCAPE '\'`.
 */
export function likePrefixPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
