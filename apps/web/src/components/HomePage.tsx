import type { User } from '../api';
import { useI18n } from '../i18n';
import { navEntriesFor } from '../navigation';
import { Link } from '../router';

export function HomePage({ user }: { user: User }) {
  const { t } = useI18n();
  const entries = navEntriesFor(user.roles);
  return (
    <section>
      <header className="page-header">
        <h1>{t('home.greeting', { name: user.displayName || user.username })}</h1>
        <p className="page-lead">{t('home.intro')}</p>
      </header>
      {entries.length === 0 ? (
        <p className="notice notice-info">{t('home.empty')}</p>
      ) : (
        <ul className="card-grid">
          {entries.map((entry) => (
            <li key={entry.path}>
              <Link to={entry.path} className="card">
                <h2 className="card-title">{t(entry.label)}</h2>
                <p className="card-text">{t(entry.description)}</p>
                <span className="card-action" aria-hidden="true">
                  {t('home.open')} →
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
