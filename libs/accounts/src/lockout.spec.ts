import { ErrorCode } from '@yunzhao/contracts';
import { AccountState, lockoutRefusal } from './lockout';

const admin: AccountState = { roles: ['admin'], disabled: false };
const hrAdmin: AccountState = { roles: ['hr', 'admin'], disabled: false };
const examiner: AccountState = { roles: ['examiner'], disabled: false };
const off = (account: AccountState): AccountState => ({ ...account, disabled: true });

describe('account changes that would lock the administrators out', () => {
  it.each([
    ['disabling the last enabled admin', admin, off(admin), 0, ErrorCode.UserLastAdmin],
    [
      'taking the admin role from the last admin',
      hrAdmin,
      { ...hrAdmin, roles: ['hr'] },
      0,
      ErrorCode.UserLastAdmin,
    ],
    [
      'taking every role from the last admin',
      admin,
      { ...admin, roles: [] },
      0,
      ErrorCode.UserLastAdmin,
    ],
  ] as const)('refuses %s', (_, before, after, others, code) => {
    expect(lockoutRefusal({ self: false, before, after, otherEnabledAdmins: others })).toBe(code);
  });

  it.each([
    ['disabling an admin while another stays', admin, off(admin), 1],
    [
      'removing the admin role while another admin stays',
      hrAdmin,
      { ...hrAdmin, roles: ['hr'] },
      1,
    ],
    ['disabling an examiner when there is no other admin', examiner, off(examiner), 0],
    [
      'keeping the last admin an admin while adding a role',
      admin,
      { ...admin, roles: ['admin', 'hr'] },
      0,
    ],
    ['re-enabling a disabled admin', off(admin), admin, 0],
    [
      'changing a disabled admin that is not the last enabled one',
      off(admin),
      { ...off(admin), roles: [] },
      0,
    ],
  ] as const)('allows %s', (_, before, after, others) => {
    expect(lockoutRefusal({ self: false, before, after, otherEnabledAdmins: others })).toBeNull();
  });

  it('refuses an admin disabling their own account, even with other admins', () => {
    expect(
      lockoutRefusal({ self: true, before: admin, after: off(admin), otherEnabledAdmins: 3 }),
    ).toBe(ErrorCode.UserSelfDisable);
  });

  it('lets an admin edit their own roles while another admin stays', () => {
    expect(
      lockoutRefusal({
        self: true,
        before: hrAdmin,
        after: { ...hrAdmin, roles: ['hr'] },
        otherEnabledAdmins: 1,
      }),
    ).toBeNull();
  });
});
