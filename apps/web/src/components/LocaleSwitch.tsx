import { useI18n } from '../i18n';

/** Shows the other language's name; the label is written in that language. */
export function LocaleSwitch() {
  const { locale, t, setLocale } = useI18n();
  const target = locale === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <button
      type="button"
      className="locale-switch"
      lang={target}
      title={t('locale.switchHint')}
      onClick={() => setLocale(target)}
    >
      <svg aria-hidden="true" viewBox="0 0 20 20" width="16" height="16">
        <circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path
          d="M2 10h16M10 2c2.4 2.2 3.6 4.9 3.6 8s-1.2 5.8-3.6 8c-2.4-2.2-3.6-4.9-3.6-8S7.6 4.2 10 2z"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
        />
      </svg>
      {t('locale.switch')}
    </button>
  );
}
