/** The person behind a `user:<id>` actor, as they are named now. */
export interface AuditActorUser {
  id: string;
  username: string;
  displayName: string;
}

/** One audit entry as the API returns it. */
export interface AuditEntryView {
  seq: string;
  /** As stored: `user:<id>`, `system` or `anonymous`. */
  actor: string;
  /** The user a `user:<id>` actor names; null for `system`, `anonymous` or an unknown id. */
  actorUser: AuditActorUser | null;
  action: string;
  subject: string;
  occurredAt: string;
  details: Record<string, unknown>;
  /** Null until the chainer has linked the entry (normally within a second). */
  chainPos: string | null;
  prevHash: string | null;
  hash: string | null;
}
