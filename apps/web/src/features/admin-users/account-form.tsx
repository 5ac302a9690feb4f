import { ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { isRole, ROLE_LABELS, ROLES } from '../../navigation';
import type { Role } from '../../navigation';
import { useAdminUsersText } from './admin-users-text';

/** An account as GET/POST/PATCH /api/users answer it. */
export interface Account {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  disabled: boolean;
  createdAt: string;
}

/** Api codes that are about one field of a form, so their message shows at that field. */
const FIELD_OF_CODE: Record<string, string> = { USERNAME_TAKEN: 'username' };

/**
 * The messages of one form's fields: the validation pipe's per-field messages and a coded
 * refusal that names a field (e.g. a taken username). `general` is what has no field here.
 */
export function formErrors(error: ApiError | null, fields: readonly string[]) {
  const of = (field: string): string[] => {
    if (!error) return [];
    const own = error.messagesFor(field);
    return FIELD_OF_CODE[error.code] === field ? [error.message, ...own] : own;
  };
  const elsewhere = error
    ? error.fieldErrors.filter((f) => !fields.includes(f.field)).flatMap((f) => f.messages)
    : [];
  const fieldHasCode = error ? fields.includes(FIELD_OF_CODE[error.code] ?? '') : false;
  return {
    of,
    /** The alert above the form: the api's message, unless a field already shows it. */
    general: error && !fieldHasCode ? { message: error.message, others: elsewhere } : null,
  };
}

export function FieldMessages({
  id,
  field,
  messages,
}: {
  id: string;
  field: string;
  messages: string[];
}) {
  if (messages.length === 0) return null;
  return (
    <span className="field-error" id={id} data-field-error={field}>
      {messages.join(' ')}
    </span>
  );
}

/**
 * One labelled input with its messages under it, tied together for screen readers: the api's
 * messages for `field`, or `messages` when the page checks the field itself.
 */
export function TextField({
  idPrefix,
  field,
  label,
  value,
  onChange,
  errors,
  messages,
  type = 'text',
  autoComplete = 'off',
  hint,
}: {
  idPrefix: string;
  field: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  errors?: ReturnType<typeof formErrors>;
  messages?: string[];
  type?: 'text' | 'password';
  autoComplete?: string;
  hint?: string;
}) {
  const id = `${idPrefix}-${field}`;
  const shown = messages ?? errors?.of(field) ?? [];
  return (
    <div className="au-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        autoComplete={autoComplete}
        value={value}
        aria-invalid={shown.length > 0 || undefined}
        aria-describedby={shown.length > 0 ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && <span className="au-hint">{hint}</span>}
      <FieldMessages id={`${id}-error`} field={field} messages={shown} />
    </div>
  );
}

export function ErrorAlert({ general }: { general: { message: string; others: string[] } | null }) {
  if (!general) return null;
  return (
    <div className="notice notice-error au-notice" role="alert">
      <p>{general.message}</p>
      {general.others.length > 0 && (
        <ul>
          {general.others.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The role checkboxes, labelled as everywhere else in the app (ROLE_LABELS). */
export function RoleCheckboxes({
  idPrefix,
  legend,
  value,
  onChange,
  messages,
}: {
  idPrefix: string;
  legend: string;
  value: readonly string[];
  onChange: (roles: string[]) => void;
  messages: string[];
}) {
  const { t } = useI18n();
  const toggle = (role: Role, on: boolean) =>
    onChange(
      on ? ROLES.filter((r) => r === role || value.includes(r)) : value.filter((r) => r !== role),
    );
  return (
    <fieldset
      className="au-roles"
      data-invalid={messages.length > 0}
      aria-describedby={messages.length > 0 ? `${idPrefix}-roles-error` : undefined}
    >
      <legend>{legend}</legend>
      <div className="au-role-options">
        {ROLES.map((role) => (
          <label key={role}>
            <input
              type="checkbox"
              checked={value.includes(role)}
              onChange={(e) => toggle(role, e.target.checked)}
            />
            {t(ROLE_LABELS[role])}
          </label>
        ))}
      </div>
      <FieldMessages id={`${idPrefix}-roles-error`} field="roles" messages={messages} />
    </fieldset>
  );
}

/** An account's roles as badges in the current language. */
export function RoleList({ roles }: { roles: readonly string[] }) {
  const { t } = useI18n();
  const { t: at } = useAdminUsersText();
  if (roles.length === 0) return <span className="au-muted">{at('au.noRoles')}</span>;
  return (
    <ul className="au-role-list">
      {roles.map((role) => (
        <li key={role} className="badge">
          {isRole(role) ? t(ROLE_LABELS[role]) : role}
        </li>
      ))}
    </ul>
  );
}
