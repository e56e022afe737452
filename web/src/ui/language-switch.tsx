import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { useCitizen } from '../api/me.js';
import { LANGUAGES, type Language, setLanguage } from '../i18n/index.js';

/**
 * Buttons for each interface language; the current one is marked with aria-pressed.
 * A logged-in citizen's choice is also stored on their profile (PATCH /api/profile, audited), so
 * that notices the server sends — a push when it is their turn in the drop-in queue, a new
 * message — come in the same language. Storing is best effort: the interface switches at once
 * and a failed save leaves the stored language as it was (the profile page shows it).
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation('common');
  const citizen = useCitizen();
  const client = useQueryClient();

  const choose = async (lng: Language) => {
    await setLanguage(lng);
    if (!citizen) return;
    try {
      const saved = await api.patch<{ data: unknown }>('/api/profile', { body: { locale: lng } });
      client.setQueryData(['profile'], saved.data);
    } catch {
      // Offline or the session ended: the interface language still changed; nothing else to do.
    }
  };

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
          onClick={() => void choose(lng)}
        >
          {t(`languageNames.${lng}`)}
        </button>
      ))}
    </fieldset>
  );
}
