/**
 * The router: the patient area at '/', and the staff, admin and dev areas
 * ('/staff/*', '/admin/*', '/dev/*') loaded lazily (their code is not in the citizen's
 * first download). Each lazy area exports `routes: RouteObject[]` with paths
 * relative to its prefix; `AreaRoutes` mounts them with `useRoutes`.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { type ComponentType, lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, type RouteObject, RouterProvider, useRoutes } from 'react-router';
import { queryClient } from './api/query-client.js';
import { NotFoundPage, RouteErrorPage } from './not-found.js';
import { patientRoutes } from './patient/routes.js';
import { Spinner } from './ui/index.js';

function AreaRoutes({ routes }: { routes: RouteObject[] }) {
  return useRoutes([...routes, { path: '*', element: <NotFoundPage /> }]);
}

function lazyArea(load: () => Promise<{ routes: RouteObject[] }>): ComponentType {
  return lazy(async () => {
    const { routes } = await load();
    return { default: () => <AreaRoutes routes={routes} /> };
  });
}

const StaffArea = lazyArea(() => import('./staff/routes.js'));
const AdminArea = lazyArea(() => import('./admin/routes.js'));
const DevArea = lazyArea(() => import('./dev/routes.js'));
const SupportArea = lazyArea(() => import('./support/routes.js'));

function AreaFallback() {
  const { t } = useTranslation('common');
  return (
    <div className="layout__main">
      <Spinner label={t('loading')} />
    </div>
  );
}

const router = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
    children: [
      ...patientRoutes,
      {
        path: '/staff/*',
        element: (
          <Suspense fallback={<AreaFallback />}>
            <StaffArea />
          </Suspense>
        ),
      },
      {
        path: '/admin/*',
        element: (
          <Suspense fallback={<AreaFallback />}>
            <AdminArea />
          </Suspense>
        ),
      },
      {
        path: '/support/*',
        element: (
          <Suspense fallback={<AreaFallback />}>
            <SupportArea />
          </Suspense>
        ),
      },
      {
        path: '/dev/*',
        element: (
          <Suspense fallback={<AreaFallback />}>
            <DevArea />
          </Suspense>
        ),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

/** The whole app: data layer + router. */
export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
