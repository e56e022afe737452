/**
 * The staff portal (paths relative to /staff): the login start, the unit
 * picker and the unit the staff member works in. Logged-out visitors see the
 * login page at whatever URL they opened, and come back there after login.
 */
import type { RouteObject } from 'react-router';
import './staff.css';
import { birthClinicRoutes } from './birth-clinic/routes.js';
import { inboxRoutes } from './inbox/routes.js';
import { invitationRoutes } from './invitations/routes.js';
import { careRoutes } from './patients/routes.js';
import { RequireStaff } from './require-staff.js';
import { timebookRoutes } from './timebook/routes.js';
import { UnitPage } from './unit-page.js';
import { UnitPickerPage } from './unit-picker-page.js';
import { staffVideoRoutes } from './video/routes.js';

/** `/staff`: the active unit's page, or the picker while no unit is chosen. */
function StaffHome() {
  return (
    <RequireStaff>
      {(me) =>
        me.activeUnitId ? (
          <UnitPage key={me.activeUnitId} me={me} unitId={me.activeUnitId} />
        ) : (
          <UnitPickerPage me={me} />
        )
      }
    </RequireStaff>
  );
}

export const routes: RouteObject[] = [
  { index: true, element: <StaffHome /> },
  { path: 'byt-enhet', element: <RequireStaff>{(me) => <UnitPickerPage me={me} />}</RequireStaff> },
  ...careRoutes,
  ...timebookRoutes,
  ...inboxRoutes,
  ...staffVideoRoutes,
  ...invitationRoutes,
  ...birthClinicRoutes,
];
