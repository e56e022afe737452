/** The waiting room's admin pages (paths relative to /admin); region admins only. */
import type { ReactNode } from 'react';
import { type RouteObject, useParams } from 'react-router';
import { RequireAdmin } from '../admin-frame.js';
import { DashboardPage } from './dashboard-page.js';
import { RoomsPage } from './rooms-page.js';

function RegionPage({ render }: { render: (id: string) => ReactNode }) {
  const { id = '' } = useParams();
  return <RequireAdmin>{() => render(id)}</RequireAdmin>;
}

export const waitingRoomAdminRoutes: RouteObject[] = [
  { path: 'ko', element: <RegionPage render={() => <RoomsPage />} /> },
  { path: 'ko/:id', element: <RegionPage render={(id) => <DashboardPage key={id} roomId={id} />} /> },
];
