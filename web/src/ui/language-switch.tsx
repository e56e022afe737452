import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage } from '../i18n/index.js';

/** Buttons for each interface language; the current one is marked with aria-pressed. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation('common');
  return (
    <fieldset className="language-switch">
      <legend className="visually-hidden">{t('language')}</legend>
      {LANGUAGES.map((lng) => (
        <button
          key={lng}
          type="button"
          lang={lng}
          className="button button--link"
          aria-pressed={i18n.language === lng}
          onClick={() => void setLanguage(lng)}
        >
          {t(`languageNames.${lng}`)}
        </button>
      ))}
    </fieldset>
  );
}
