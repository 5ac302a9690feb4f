import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import type { User } from '../api';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { findNavEntry, isRole, navEntriesFor, ROLE_LABELS } from '../navigation';
import { Link, useLocation } from '../router';
import { useDocumentTitle } from '../useDocumentTitle';
import { BrandMark } from './BrandMark';
import { LocaleSwitch } from './LocaleSwitch';

function isActive(current: string, target: string): boolean {
  return target === '/' ? current === '/' : current === target || current.startsWith(`${target}/`);
}

export function AppLayout({ user, children }: { user: User; children: ReactNode }) {
  const { t } = useI18n();
  const { logout } = useAuth();
  const { path } = useLocation();
  const entries = navEntriesFor(user.roles);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  const pageEntry = findNavEntry(path);
  const pageTitle = path === '/' ? t('layout.home') : pageEntry ? t(pageEntry.label) : null;
  useDocumentTitle(pageTitle ? `${pageTitle} · ${t('app.name')}` : t('app.documentTitle'));

  // Move focus to the new page's content after client-side navigation (screen readers, keyboard).
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus();
  }, [path]);

  const navLinks = [{ path: '/', label: t('layout.home') }].concat(
    entries.map((entry) => ({ path: entry.path, label: t(entry.label) })),
  );

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('layout.skipToContent')}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          <BrandMark size={30} />
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-subtitle topbar-subtitle">{t('app.subtitle')}</span>
        </Link>
        <div className="topbar-actions">
          <div className="user-info">
            <span className="user-name">{user.displayName || user.username}</span>
            <ul className="role-badges" aria-label={t('layout.roles')}>
              {user.roles.map((role) => (
                <li key={role} className="badge">
                  {isRole(role) ? t(ROLE_LABELS[role]) : role}
                </li>
              ))}
            </ul>
          </div>
          <LocaleSwitch />
          <button type="button" className="button button-ghost" onClick={() => void logout()}>
            {t('layout.logout')}
          </button>
        </div>
      </header>
      <div className="shell">
        <nav className="sidebar" aria-label={t('layout.mainNav')}>
          <ul>
            {navLinks.map((link) => (
              <li key={link.path}>
                <Link to={link.path} aria-current={isActive(path, link.path) ? 'page' : undefined}>
                  {link.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" className="content" tabIndex={-1} ref={mainRef}>
          {children}
        </main>
      </div>
    </div>
  );
}
