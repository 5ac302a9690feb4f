import { useState } from 'react';
import type { FormEvent } from 'react';
import { apiFetch } from '../../api';
import { useAuth } from '../../auth';
import { BrandMark } from '../../components/BrandMark';
import { LocaleSwitch } from '../../components/LocaleSwitch';
import { useI18n } from '../../i18n';
import { Link, navigate } from '../../router';
import { useDocumentTitle } from '../../useDocumentTitle';
import { useText } from '../applications/messages';
import { ErrorNotice, useAction } from '../applications/shared';

/** Public self-registration: phone or email plus password, then straight to the profile. */
export default function RegisterPage() {
  const { t } = useI18n();
  const { tx } = useText();
  const { login } = useAuth();
  const [account, setAccount] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const { busy, error, run } = useAction();
  useDocumentTitle(`${tx('register.title')} · ${t('app.name')}`);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMismatch(password !== confirm);
    if (password !== confirm) return;
    await run(async () => {
      await apiFetch('/registration', {
        method: 'POST',
        body: { account: account.trim(), password },
        auth: false,
      });
      await login(account.trim(), password);
      navigate('/profile', { replace: true });
    });
  }

  return (
    <div className="register-page">
      <section className="register-card" aria-labelledby="register-title">
        <div className="actions" style={{ justifyContent: 'space-between' }}>
          <div className="brand brand-compact" style={{ display: 'flex' }}>
            <BrandMark size={32} />
            <p className="brand-name">{t('app.name')}</p>
          </div>
          <LocaleSwitch />
        </div>
        <h1 id="register-title">{tx('register.title')}</h1>
        <p className="panel-lead">{tx('register.intro')}</p>
        <ErrorNotice error={error} />
        <form className="form" onSubmit={submit} noValidate aria-busy={busy}>
          <div className="field">
            <label htmlFor="reg-account">{tx('register.account')}</label>
            <input
              id="reg-account"
              autoComplete="username"
              value={account}
              onChange={(e) => setAccount(e.target.value)}
              required
            />
          </div>
          <div className="field">
            <label htmlFor="reg-password">{tx('register.password')}</label>
            <input
              id="reg-password"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          </div>
          <div className="field">
            <label htmlFor="reg-confirm">{tx('register.confirm')}</label>
            <input
              id="reg-confirm"
              type="password"
              autoComplete="new-password"
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
              aria-invalid={mismatch}
              required
            />
            {mismatch && <p className="field-error">{tx('register.mismatch')}</p>}
          </div>
          <button type="submit" className="button button-primary button-block" disabled={busy}>
            {busy && <span className="spinner" aria-hidden="true" />}
            {tx('register.submit')}
          </button>
        </form>
        <p className="login-help">
          <Link to="/login">{tx('register.haveAccount')}</Link>
        </p>
      </section>
    </div>
  );
}
