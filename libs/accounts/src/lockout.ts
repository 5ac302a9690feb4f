import { ErrorCode, Role } from '@yunzhao/contracts';

/** The part of an account that decides whether it can administer the platform. */
export interface AccountState {
  roles: readonly Role[];
  disabled: boolean;
}

export const isEnabledAdmin = (account: AccountState): boolean =>
  !account.disabled && account.roles.includes('admin');

/**
 * Whether an account change would lock the administrators out, and why: nobody disables the
 * account they are signed in with, and the last enabled admin keeps both its admin role and
 * its access. Returns the refusal's code, or null when the change may go ahead.
 */
export function lockoutRefusal(change: {
  /** The caller is changing their own account. */
  self: boolean;
  before: AccountState;
  after: AccountState;
  /** Enabled admins other than this account. */
  otherEnabledAdmins: number;
}): ErrorCode.UserSelfDisable | ErrorCode.UserLastAdmin | null {
  if (change.self && change.after.disabled && !change.before.disabled)
    return ErrorCode.UserSelfDisable;
  if (
    isEnabledAdmin(change.before) &&
    !isEnabledAdmin(change.after) &&
    change.otherEnabledAdmins < 1
  )
    return ErrorCode.UserLastAdmin;
  return null;
}
