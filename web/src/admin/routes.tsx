/**
 * The administration (paths relative to /admin), for region admins and unit
 * admins: the unit list, "Ny vårdenhet", and per unit its details, staff and
 * change history.
 */
import type { StaffMe } from '@ingang/contracts';
import type { ReactNode } from 'react';
import { type RouteObject, useParams } from 'react-router';
import '../staff/staff.css';
import { RequireAdmin } from './admin-frame.js';
import { auditRoutes } from './audit/routes.js';
import { birthClinicAdminRoutes } from './birth-clinic/routes.js';
import { timebookAdminRoutes } from './timebook/routes.js';
import { triageAdminRoutes } from './triage/routes.js';
import { UnitChangesPage } from './unit-changes-page.js';
import { UnitCreatePage } from './unit-create-page.js';
import { UnitEditPage } from './unit-edit-page.js';
import { UnitStaffPage } from './unit-staff-page.js';
import { UnitsListPage } from './units-list-page.js';
import { waitingRoomAdminRoutes } from './waiting-room/routes.js';

/** Guards a page and hands it `me` and the `:unitId` of the URL. */
function AdminPage({ render }: { render: (me: StaffMe, unitId: string) => ReactNode }) {
  const { unitId = '' } = useParams();
  return <RequireAdmin>{(me) => render(me, unitId)}</RequireAdmin>;
}

const page = (render: (me: StaffMe, unitId: string) => ReactNode) => <AdminPage render={render} />;

export const routes: RouteObject[] = [
  { index: true, element: page((me) => <UnitsListPage me={me} />) },
  { path: 'enheter/ny', element: page((me) => <UnitCreatePage me={me} />) },
  { path: 'enheter/:unitId', element: page((me, unitId) => <UnitEditPage key={unitId} me={me} unitId={unitId} />) },
  { path: 'enheter/:unitId/personal', element: page((_, unitId) => <UnitStaffPage key={unitId} unitId={unitId} />) },
  { path: 'enheter/:unitId/historik', element: page((_, unitId) => <UnitChangesPage key={unitId} unitId={unitId} />) },
  ...auditRoutes,
  ...timebookAdminRoutes,
  ...waitingRoomAdminRoutes,
  ...birthClinicAdminRoutes,
  ...triageAdminRoutes,
];
