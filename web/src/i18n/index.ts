/**
 * i18next set-up. Every file in `sv/` and `en/` is a namespace named after
 * the file (`sv/patient.ts` → `patient`) and is picked up automatically, so
 * a new area only adds its two files. Swedish is the default; the choice is
 * remembered in localStorage and mirrored to `<html lang>`.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'ingang.lang';

type Namespace = Record<string, unknown>;
const sv = import.meta.glob<Namespace>('./sv/*.ts', { eager: true, import: 'default' });
const en = import.meta.glob<Namespace>('./en/*.ts', { eager: true, import: 'default' });

function bundle(files: Record<string, Namespace>) {
  const out: Record<string, Namespace> = {};
  for (const [file, value] of Object.entries(files)) out[file.replace(/^.*\/(.+)\.ts$/, '$1')] = value;
  return out;
}

/**
 * The person's stored choice; without one, English when the browser prefers English over Swedish
 * (its first language among the two we have), otherwise Swedish.
 */
function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    if (value === 'en' || value === 'sv') return value;
  } catch {
    // Storage refused: fall through to the browser's preference.
  }
  return preferredLanguage(typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]));
}

/** The first of the browser's languages we have ('sv' or 'en' by primary subtag); Swedish by default. */
export function preferredLanguage(languages: readonly string[]): Language {
  for (const tag of languages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'sv') return 'sv';
    if (primary === 'en') return 'en';
  }
  return 'sv';
}

void i18n.use(initReactI18next).init({
  resources: { sv: bundle(sv), en: bundle(en) },
  lng: storedLanguage(),
  fallbackLng: 'sv',
  defaultNS: 'common',
  ns: Object.keys(bundle(sv)),
  interpolation: { escapeValue: false },
  returnNull: false,
});

document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Private browsing may refuse storage; the choice then lasts for this page only.
  }
});

/** Switches the interface language (also updates `<html lang>`). */
export function setLanguage(lng: Language) {
  return i18n.changeLanguage(lng);
}

export default i18n;
