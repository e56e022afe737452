import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { LanguageSwitch } from './language-switch.js';

export interface PageLayoutProps {
  /** Where the logo links (the area's home). */
  homeHref?: string;
  /** Name shown next to the logo, e.g. "Ingång" or "Ingång för vårdpersonal". */
  brand?: string;
  /** Links of the main navigation (rendered in <nav aria-label="Huvudmeny">). */
  nav?: ReactNode;
  /** Right side of the header: who is logged in, acting-for switcher, log out. */
  actions?: ReactNode;
  /** Shown between header and main, e.g. "Du agerar för: …". */
  banner?: ReactNode;
  children: ReactNode;
}

/**
 * The frame of every page: skip link, <header> with <nav>, <main id="main">,
 * <footer> with the language switch. After a client-side navigation focus
 * moves to <main> so screen readers start at the new content.
 */
export function PageLayout({ homeHref = '/', brand, nav, actions, banner, children }: PageLayoutProps) {
  const { t } = useTranslation('common');
  const main = useRef<HTMLElement>(null);
  const location = useLocation();
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every navigation on purpose.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: false });
  }, [location.pathname]);

  return (
    <div className="layout">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="layout__header">
        <div className="layout__bar">
          <Link to={homeHref} className="brand">
            <img src="/icon.svg" alt="" width="32" height="32" />
            <span>{brand ?? t('appName')}</span>
          </Link>
          {actions && <div className="layout__actions">{actions}</div>}
        </div>
        {nav && (
          <nav aria-label={t('mainNav')} className="layout__nav">
            {nav}
          </nav>
        )}
      </header>
      {banner}
      <main id="main" ref={main} tabIndex={-1} className="layout__main">
        {children}
      </main>
      <footer className="layout__footer">
        <p>{t('footer')}</p>
        <LanguageSwitch />
      </footer>
    </div>
  );
}

/** Sets the document title ("Min profil – Ingång"); call it once per page. */
export function usePageTitle(title: string) {
  const { t } = useTranslation('common');
  useEffect(() => {
    document.title = `${title} – ${t('appName')}`;
  }, [title, t]);
}
