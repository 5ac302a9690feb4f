import { Link } from '../router';
import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError } from '../api';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { useDocumentTitle } from '../useDocumentTitle';
import { BrandMark } from './BrandMark';
import { LocaleSwitch } from './LocaleSwitch';

type Field = 'username' | 'password';
type FieldMessages = Partial<Record<Field, string[]>>;

interface ServerError {
  message: string;
  /** Per-field messages for fields that have no input on this form. */
  other: string[];
}

export function LoginPage({ sessionExpired }: { sessionExpired: boolean }) {
  const { t } = useI18n();
  const { login } = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldMessages>({});
  const [serverError, setServerError] = useState<ServerError | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const headingId = useId();
  useDocumentTitle(t('app.documentTitle'));

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const missing: FieldMessages = {};
    if (username.trim() === '') missing.username = [t('login.usernameRequired')];
    if (password === '') missing.password = [t('login.passwordRequired')];
    setFieldErrors(missing);
    setServerError(null);
    if (missing.username || missing.password) {
      (missing.username ? usernameRef : passwordRef).current?.focus();
      return;
    }

    setSubmitting(true);
    try {
      await login(username.trim(), password);
      // The app shell re-renders as authenticated and leaves the login page.
    } catch (error) {
      setSubmitting(false);
      if (!(error instanceof ApiError)) {
        setServerError({ message: t('error.unknown', { status: '-' }), other: [] });
        return;
      }
      const fromServer: FieldMessages = {
        username: error.messagesFor('username'),
        password: error.messagesFor('password'),
      };
      setFieldErrors(fromServer);
      const other = error.fieldErrors
        .filter((e) => e.field !== 'username' && e.field !== 'password')
        .flatMap((e) => e.messages);
      setServerError({ message: error.message, other });
    }
  }

  function errorProps(field: Field) {
    const invalid = (fieldErrors[field]?.length ?? 0) > 0;
    return { 'aria-invalid': invalid, 'aria-describedby': invalid ? `${field}-error` : undefined };
  }

  return (
    <div className="login-page">
      <aside className="login-brand">
        <div className="login-brand-inner">
          <div className="brand brand-large">
            <BrandMark size={48} />
            <div>
              <p className="brand-name">{t('app.name')}</p>
              <p className="brand-subtitle">{t('app.subtitle')}</p>
            </div>
          </div>
          <p className="login-tagline">{t('app.tagline')}</p>
          <ul className="login-features">
            <li>{t('login.feature1')}</li>
            <li>{t('login.feature2')}</li>
            <li>{t('login.feature3')}</li>
          </ul>
        </div>
      </aside>

      <main className="login-main">
        <div className="login-toolbar">
          <LocaleSwitch />
        </div>
        <section className="login-card" aria-labelledby={headingId}>
          <div className="brand brand-compact">
            <BrandMark size={32} />
            <div>
              <p className="brand-name">{t('app.name')}</p>
              <p className="brand-subtitle">{t('app.subtitle')}</p>
            </div>
          </div>
          <h1 id={headingId}>{t('login.title')}</h1>
          <p className="login-intro">{t('login.intro')}</p>

          {sessionExpired && !serverError && (
            <p className="notice notice-info" role="status">
              {t('login.sessionExpired')}
            </p>
          )}
          {serverError && (
            <div className="notice notice-error" role="alert">
              <p>{serverError.message}</p>
              {serverError.other.length > 0 && (
                <ul>
                  {serverError.other.map((message) => (
                    <li key={message}>{message}</li>
                  ))}
                </ul>
              )}
            </div>
          )}

          <form className="form" onSubmit={handleSubmit} noValidate aria-busy={submitting}>
            <div className="field">
              <label htmlFor="username">{t('login.username')}</label>
              <input
                ref={usernameRef}
                id="username"
                name="username"
                type="text"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                required
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                {...errorProps('username')}
              />
              <FieldMessagesView id="username-error" messages={fieldErrors.username ?? []} />
            </div>
            <div className="field">
              <label htmlFor="password">{t('login.password')}</label>
              <input
                ref={passwordRef}
                id="password"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                {...errorProps('password')}
              />
              <FieldMessagesView id="password-error" messages={fieldErrors.password ?? []} />
            </div>
            <button
              type="submit"
              className="button button-primary button-block"
              disabled={submitting}
            >
              {submitting && <span className="spinner" aria-hidden="true" />}
              {t('login.submit')}
            </button>
            <p className="visually-hidden" role="status">
              {submitting ? t('login.submitting') : ''}
            </p>
          </form>
          <p className="login-help">
            <Link to="/register">{t('login.register')}</Link>
          </p>
          <p className="login-help">{t('login.help')}</p>
        </section>
      </main>
    </div>
  );
}

function FieldMessagesView({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <p id={id} className="field-error">
      {messages.join(' ')}
    </p>
  );
}
