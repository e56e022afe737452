/**
 * The region's timebook administration (paths relative to /admin): time
 * types, their releases, and health-declaration forms. Region admins only;
 * others meet the "no access" page.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type RouteObject, useParams } from 'react-router';
import '../../staff/timebook/timebook.css';
import { ButtonLink, usePageTitle } from '../../ui/index.js';
import { AdminLayout, RequireAdmin } from '../admin-frame.js';
import { isRegionAdmin } from './admin-timebook-nav.js';
import { FormPage, FormsPage } from './forms-page.js';
import { ReleasesPage } from './releases-page.js';
import { TimeTypeCreatePage, TimeTypeEditPage } from './time-type-page.js';
import { TimeTypesPage } from './time-types-page.js';

function RegionOnly() {
  const { t } = useTranslation('timebook');
  usePageTitle(t('admin.regionOnly.title'));
  return (
    <AdminLayout>
      <h1>{t('admin.regionOnly.title')}</h1>
      <p>{t('admin.regionOnly.text')}</p>
      <ButtonLink to="/admin">{t('admin.regionOnly.back')}</ButtonLink>
    </AdminLayout>
  );
}

/** Region admins only; hands the page the `:id` of the URL. */
function RegionPage({ render }: { render: (id: string) => ReactNode }) {
  const { id = '' } = useParams();
  return <RequireAdmin>{(me) => (isRegionAdmin(me) ? render(id) : <RegionOnly />)}</RequireAdmin>;
}

export const timebookAdminRoutes: RouteObject[] = [
  { path: 'tidstyper', element: <RegionPage render={() => <TimeTypesPage />} /> },
  { path: 'tidstyper/ny', element: <RegionPage render={() => <TimeTypeCreatePage />} /> },
  { path: 'tidstyper/:id', element: <RegionPage render={(id) => <TimeTypeEditPage key={id} typeId={id} />} /> },
  { path: 'tidstyper/:id/slapp', element: <RegionPage render={(id) => <ReleasesPage key={id} typeId={id} />} /> },
  { path: 'formular', element: <RegionPage render={() => <FormsPage />} /> },
  { path: 'formular/:id', element: <RegionPage render={(id) => <FormPage key={id} formId={id} />} /> },
];
