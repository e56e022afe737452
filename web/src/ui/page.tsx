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
  /**
   * A bottom tab bar for small screens (the patient app). When given, narrow screens show it
   * instead of the header's navigation and actions, which then live on a "Mer" page.
   */
  tabBar?: ReactNode;
  children: ReactNode;
}

/** The location key focus last moved for; undefined until the first page has rendered. */
let lastFocusedKey: string | undefined;
/** True while focus waits on <main> for the page's heading to render. */
let headingPending = false;

/**
 * Moves focus to the page's `h1` (made focusable for the purpose) so screen readers announce the
 * new page by its heading; falls back to <main> when the page has no heading yet (still loading).
 */
export function focusPageHeading(main: HTMLElement | null): boolean {
  const heading = main?.querySelector('h1');
  if (heading instanceof HTMLElement) {
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
    return true;
  }
  main?.focus({ preventScroll: false });
  return false;
}

/**
 * The frame of every page: skip link, <header> with <nav>, <main id="main">,
 * <footer> with the language switch. After a client-side navigation focus
 * moves to the page's heading so screen readers start at the new content.
 */
export function PageLayout({ homeHref = '/', brand, nav, actions, banner, tabBar, children }: PageLayoutProps) {
  const { t } = useTranslation('common');
  const main = useRef<HTMLElement>(null);
  const location = useLocation();
  // Every page renders its own layout, so the layout mounts anew on each navigation: whether this
  // is a navigation (rather than the document's first load) is kept outside the component.
  useEffect(() => {
    const key = location.key;
    if (lastFocusedKey === undefined) {
      lastFocusedKey = key;
      return;
    }
    if (lastFocusedKey === key) {
      // The same page re-mounted after loading (a spinner's layout first): finish the move to its
      // heading unless the person has already moved focus themselves.
      const active = document.activeElement;
      if (!headingPending || (active && active !== document.body && active.tagName !== 'MAIN')) return;
    }
    lastFocusedKey = key;
    headingPending = !focusPageHeading(main.current);
  }, [location.key]);

  return (
    <div className={tabBar ? 'layout layout--tabs' : 'layout'}>
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
        <p>
          <Link to="/tillganglighet">{t('accessibilityStatement')}</Link>
        </p>
        <LanguageSwitch />
      </footer>
      {tabBar && (
        <nav aria-label={t('tabNav')} className="layout__tabs">
          {tabBar}
        </nav>
      )}
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
