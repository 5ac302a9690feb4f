import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import { Link } from '../router';

interface StatusPageProps {
  /** Main heading of the page (e.g. the feature name). */
  title: string;
  /** Short status line under the heading (e.g. "403"). */
  status?: string;
  body: string;
  icon?: ReactNode;
}

/** A centred message page for 403 and 404. */
export function StatusPage({ title, status, body, icon }: StatusPageProps) {
  const { t } = useI18n();
  return (
    <section className="status-page">
      {icon && <div className="status-icon">{icon}</div>}
      <h1>{title}</h1>
      {status && <p className="status-line">{status}</p>}
      <p className="status-body">{body}</p>
      <Link to="/" className="button button-secondary">
        {t('common.backHome')}
      </Link>
    </section>
  );
}
