import { useCallback, useEffect, useState } from 'react';
import { apiFetch } from '../../api';
import { Link } from '../../router';
import { useSessionsText } from '../sessions/sessions-text';
import '../sessions/sessions.css';

interface NotificationView {
  id: string;
  title: string;
  body: string;
  link: string | null;
  readAt: string | null;
  createdAt: string;
}

interface InboxPage {
  items: NotificationView[];
  unread: number;
}

/** /notifications: the signed-in user's in-app inbox. */
export default function NotificationsPage() {
  const { t, formatTime } = useSessionsText();
  const [inbox, setInbox] = useState<InboxPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    apiFetch<InboxPage>('/notifications?limit=100')
      .then(setInbox)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  useEffect(load, [load]);

  async function markRead(id: string) {
    try {
      await apiFetch(`/notifications/${id}/read`, { method: 'POST' });
      load();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <section>
      <header className="page-header">
        <h1>{t('notifications.title')}</h1>
        <p className="page-lead">{t('notifications.lead')}</p>
      </header>
      {error && <p className="notice notice-error">{error}</p>}
      {inbox === null && !error && <p>{t('common.loading')}</p>}
      {inbox && (
        <p>
          {t('notifications.unread', { count: inbox.unread })}{' '}
          <button type="button" className="button button-ghost" onClick={load}>
            {t('common.refresh')}
          </button>
        </p>
      )}
      {inbox?.items.length === 0 && (
        <p className="notice notice-info">{t('notifications.empty')}</p>
      )}
      <ul className="sz-cards">
        {inbox?.items.map((n) => (
          <li key={n.id} className="sz-card">
            <h2 className={n.readAt ? undefined : 'sz-unread'}>{n.title}</h2>
            <p className="sz-muted">{formatTime(n.createdAt)}</p>
            <p className="sz-pre">{n.body}</p>
            {n.link && <Link to={n.link}>{t('notifications.open')}</Link>}{' '}
            {n.readAt ? (
              <span className="sz-muted">{t('notifications.read')}</span>
            ) : (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => void markRead(n.id)}
              >
                {t('notifications.markRead')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
