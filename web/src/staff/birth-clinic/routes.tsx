/** "Förlossning" in the staff portal (paths relative to /staff), in the active unit. */
import type { RouteObject } from 'react-router';
import { NoActiveUnit } from '../patients/no-unit.js';
import { RequireStaff } from '../require-staff.js';
import { StaffBirthClinicPage } from './birth-clinic-page.js';

export const birthClinicRoutes: RouteObject[] = [
  {
    path: 'forlossning',
    element: (
      <RequireStaff>
        {(me) =>
          me.activeUnitId ? (
            <StaffBirthClinicPage key={me.activeUnitId} me={me} unitId={me.activeUnitId} />
          ) : (
            <NoActiveUnit />
          )
        }
      </RequireStaff>
    ),
  },
];
