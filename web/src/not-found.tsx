/** The 404 page and the last-resort error page of the router. */
import { useTranslation } from 'react-i18next';
import { Alert, ButtonLink, PageLayout, usePageTitle } from './ui/index.js';

/** Shown for any URL no area knows. */
export function NotFoundPage() {
  const { t } = useTranslation('common');
  usePageTitle(t('notFound.title'));
  return (
    <PageLayout>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <ButtonLink to="/">{t('notFound.home')}</ButtonLink>
    </PageLayout>
  );
}

/** Shown when rendering a route throws. */
export function RouteErrorPage() {
  const { t } = useTranslation('common');
  return (
    <PageLayout>
      <h1>{t('errors.generic')}</h1>
      <Alert tone="error">{t('errors.generic')}</Alert>
      <ButtonLink to="/">{t('notFound.home')}</ButtonLink>
    </PageLayout>
  );
}
