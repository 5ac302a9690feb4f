import { useState } from 'react';
import { useAction } from '../applications/shared';
import type { FormEvent } from 'react';
import { apiFetch } from '../../api';
import type { Account } from './account-form';
import { ErrorAlert, formErrors, RoleCheckboxes, RoleList, TextField } from './account-form';
import { useAdminUsersText } from './admin-users-text';

type Panel = 'edit' | 'password' | null;
const COLUMNS = 6;

/**
 * One account in the table, with its actions: edit name and roles, disable or enable, set a
 * new password. Refusals (e.g. the last enabled admin) show under the row as the api words them.
 */
export function AccountRow({
  account,
  isMe,
  isNew,
  onChanged,
  onNotice,
}: {
  account: Account;
  isMe: boolean;
  isNew: boolean;
  onChanged: (account: Account) => void;
  onNotice: (message: string) => void;
}) {
  const { t, formatTime } = useAdminUsersText();
  const [panel, setPanel] = useState<Panel>(null);
  const toggleAction = useAction();
  const toggleErrors = formErrors(toggleAction.error, []);

  async function toggleDisabled() {
    const saved = await toggleAction.run(() =>
      apiFetch<Account>(`/users/${account.id}`, {
        method: 'PATCH',
        body: { disabled: !account.disabled },
      }),
    );
    if (!saved) return;
    onChanged(saved);
    onNotice(t(saved.disabled ? 'au.disabled' : 'au.enabled', { username: saved.username }));
  }

  const open = (next: Panel) => {
    toggleAction.setError(null);
    setPanel(panel === next ? null : next);
  };

  return (
    <>
      <tr data-testid={`user-${account.username}`} data-disabled={account.disabled}>
        <td>
          {account.username}
          {isMe && <span className="au-muted">{t('au.me')}</span>}{' '}
          {isNew && <span className="badge">{t('au.new')}</span>}
        </td>
        <td>{account.displayName}</td>
        <td>
          <RoleList roles={account.roles} />
        </td>
        <td>
          {account.disabled ? (
            <span className="au-status-disabled">{t('au.status.disabled')}</span>
          ) : (
            t('au.status.enabled')
          )}
        </td>
        <td>{formatTime(account.createdAt)}</td>
        <td>
          <div className="au-row-buttons">
            <button
              type="button"
              className="button button-ghost"
              aria-expanded={panel === 'edit'}
              onClick={() => open('edit')}
            >
              {t('au.edit.open')}
            </button>
            <button
              type="button"
              className="button button-ghost"
              disabled={toggleAction.busy}
              onClick={() => void toggleDisabled()}
            >
              {account.disabled ? t('au.enable') : t('au.disable')}
            </button>
            <button
              type="button"
              className="button button-ghost"
              aria-expanded={panel === 'password'}
              onClick={() => open('password')}
            >
              {t('au.password.open')}
            </button>
          </div>
        </td>
      </tr>
      {toggleErrors.general && (
        <tr className="au-panel-row">
          <td colSpan={COLUMNS}>
            <ErrorAlert general={toggleErrors.general} />
          </td>
        </tr>
      )}
      {panel && (
        <tr className="au-panel-row">
          <td colSpan={COLUMNS}>
            {panel === 'edit' ? (
              <EditAccountForm
                account={account}
                onCancel={() => setPanel(null)}
                onSaved={(saved) => {
                  setPanel(null);
                  onChanged(saved);
                  onNotice(t('au.edit.saved', { username: saved.username }));
                }}
              />
            ) : (
              <SetPasswordForm
                account={account}
                onCancel={() => setPanel(null)}
                onSaved={() => {
                  setPanel(null);
                  onNotice(t('au.password.saved', { username: account.username }));
                }}
              />
            )}
          </td>
        </tr>
      )}
    </>
  );
}

const EDIT_FIELDS = ['displayName', 'roles'] as const;

/** PATCH /api/users/:id with the display name and roles. */
function EditAccountForm({
  account,
  onCancel,
  onSaved,
}: {
  account: Account;
  onCancel: () => void;
  onSaved: (account: Account) => void;
}) {
  const { t } = useAdminUsersText();
  const [displayName, setDisplayName] = useState(account.displayName);
  const [roles, setRoles] = useState<string[]>(account.roles);
  const { busy, error, run } = useAction();
  const id = `au-${account.id}-edit`;
  const errors = formErrors(error, EDIT_FIELDS);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const saved = await run(() =>
      apiFetch<Account>(`/users/${account.id}`, {
        method: 'PATCH',
        body: { displayName: displayName.trim(), roles },
      }),
    );
    if (saved) onSaved(saved);
  }

  return (
    <form
      aria-label={t('au.edit.title', { username: account.username })}
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <ErrorAlert general={errors.general} />
      <div className="au-grid">
        <TextField
          idPrefix={id}
          field="displayName"
          label={t('au.create.displayName')}
          value={displayName}
          onChange={setDisplayName}
          errors={errors}
        />
      </div>
      <RoleCheckboxes
        idPrefix={id}
        legend={t('au.create.roles')}
        value={roles}
        onChange={setRoles}
        messages={errors.of('roles')}
      />
      <div className="au-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('au.edit.save')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('au.cancel')}
        </button>
      </div>
    </form>
  );
}

const PASSWORD_FIELDS = ['password'] as const;

/** POST /api/users/:id/password: the api also signs the account's open sessions out. */
function SetPasswordForm({
  account,
  onCancel,
  onSaved,
}: {
  account: Account;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const { t } = useAdminUsersText();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const { busy, error, run, setError } = useAction();
  const id = `au-${account.id}-password`;
  const errors = formErrors(error, PASSWORD_FIELDS);

  async function submit(event: FormEvent) {
    event.preventDefault();
    // Checked here only because the api is never sent the second copy.
    if (password !== confirm) {
      setError(null);
      setMismatch(true);
      return;
    }
    setMismatch(false);
    const ok = await run(async () => {
      await apiFetch<void>(`/users/${account.id}/password`, {
        method: 'POST',
        body: { password },
      });
      return true;
    });
    if (ok) onSaved();
  }

  return (
    <form
      aria-label={t('au.password.title', { username: account.username })}
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <ErrorAlert general={errors.general} />
      <p className="au-hint">{t('au.password.hint')}</p>
      <div className="au-grid">
        <TextField
          idPrefix={id}
          field="password"
          label={t('au.password.new')}
          value={password}
          onChange={setPassword}
          errors={errors}
          type="password"
          autoComplete="new-password"
        />
        <TextField
          idPrefix={id}
          field="confirm"
          label={t('au.password.confirm')}
          value={confirm}
          onChange={setConfirm}
          messages={mismatch ? [t('au.password.mismatch')] : []}
          type="password"
          autoComplete="new-password"
        />
      </div>
      <div className="au-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('au.password.save')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('au.cancel')}
        </button>
      </div>
    </form>
  );
}
