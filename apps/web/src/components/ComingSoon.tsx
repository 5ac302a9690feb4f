import { useI18n } from '../i18n';
import type { PageProps } from '../navigation';
import { StatusPage } from './StatusPage';

/** Placeholder for navigation entries whose feature has not been built yet. */
export function ComingSoon({ entry }: PageProps) {
  const { t } = useI18n();
  return (
    <StatusPage
      title={t(entry.label)}
      status={t('comingSoon.title')}
      body={t('comingSoon.body')}
      icon={
        <svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true">
          <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" strokeWidth="1.8" />
          <path
            d="M12 7v5l3.5 2"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
            strokeLinecap="round"
          />
        </svg>
      }
    />
  );
}
