import { useState } from 'react';
import { useAction } from '../applications/shared';
import type { FormEvent } from 'react';
import { apiFetch } from '../../api';
import type { Account } from './account-form';
import { ErrorAlert, formErrors, RoleCheckboxes, TextField } from './account-form';
import { useAdminUsersText } from './admin-users-text';
import type { AdminUsersTextKey } from './admin-users-text';

const EMPTY = { username: '', displayName: '', password: '', roles: [] as string[] };
const FIELDS = ['username', 'displayName', 'password', 'roles'] as const;
const ID = 'au-create';

/** POST /api/users: a new account with its first password and roles. */
export function CreateAccountForm({ onCreated }: { onCreated: (account: Account) => void }) {
  const { t } = useAdminUsersText();
  const [form, setForm] = useState(EMPTY);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const errors = formErrors(error, FIELDS);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    const created = await run(() =>
      apiFetch<Account>('/users', {
        method: 'POST',
        body: { ...form, username: form.username.trim(), displayName: form.displayName.trim() },
      }),
    );
    if (!created) return;
    setForm(EMPTY);
    setDone(t('au.create.done', { username: created.username }));
    onCreated(created);
  }

  const text = (
    field: 'username' | 'displayName' | 'password',
    label: AdminUsersTextKey,
    hint?: AdminUsersTextKey,
  ) => (
    <TextField
      idPrefix={ID}
      field={field}
      label={t(label)}
      value={form[field]}
      onChange={(value) => setForm({ ...form, [field]: value })}
      errors={errors}
      type={field === 'password' ? 'password' : 'text'}
      autoComplete={field === 'password' ? 'new-password' : 'off'}
      hint={hint && t(hint)}
    />
  );

  return (
    <form
      className="au-section"
      aria-label={t('au.create.title')}
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <h2>{t('au.create.title')}</h2>
      <ErrorAlert general={errors.general} />
      {done && (
        <p className="notice notice-info au-notice" role="status">
          {done}
        </p>
      )}
      <div className="au-grid">
        {text('username', 'au.create.username', 'au.create.usernameHint')}
        {text('displayName', 'au.create.displayName')}
        {text('password', 'au.create.password', 'au.create.passwordHint')}
      </div>
      <RoleCheckboxes
        idPrefix={ID}
        legend={t('au.create.roles')}
        value={form.roles}
        onChange={(roles) => setForm({ ...form, roles })}
        messages={errors.of('roles')}
      />
      <div className="au-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('au.create.submit')}
        </button>
      </div>
    </form>
  );
}
