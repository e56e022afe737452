/** Developer tools under /dev: the BankID simulator, the dev mailbox and the SMS outbox (the server answers 404 in production). */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, type RouteObject } from 'react-router';
import { useDevMode } from '../session/dev-mode.js';
import { Alert, PageLayout, Spinner } from '../ui/index.js';
import { BankIdSimulatorPage } from './bankid-simulator-page.js';
import { MailPage } from './mail-page.js';
import { SmsPage } from './sms-page.js';

function DevLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation(['dev', 'common']);
  const dev = useDevMode();
  return (
    <PageLayout
      homeHref="/dev/bankid"
      brand={t('dev:brand')}
      nav={
        <ul>
          <li>
            <NavLink to="/dev/bankid">{t('dev:nav.bankid')}</NavLink>
          </li>
          <li>
            <NavLink to="/dev/mail">{t('dev:nav.mail')}</NavLink>
          </li>
          <li>
            <NavLink to="/dev/sms">{t('dev:nav.sms')}</NavLink>
          </li>
        </ul>
      }
    >
      {dev === undefined ? (
        <Spinner label={t('common:loading')} />
      ) : dev ? (
        children
      ) : (
        <Alert tone="warning">{t('dev:off')}</Alert>
      )}
    </PageLayout>
  );
}

export const routes: RouteObject[] = [
  {
    element: (
      <DevLayout>
        <Outlet />
      </DevLayout>
    ),
    children: [
      { path: 'bankid', element: <BankIdSimulatorPage /> },
      { path: 'mail', element: <MailPage /> },
      { path: 'sms', element: <SmsPage /> },
    ],
  },
];
