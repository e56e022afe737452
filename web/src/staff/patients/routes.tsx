/**
 * The staff portal's patient pages (paths relative to /staff): "Sök patient",
 * the patient page, and the follow-up of the active unit's emergency accesses.
 * All need an active unit: patient access is always on behalf of a unit.
 */
import type { StaffMe } from '@ingang/contracts';
import type { ReactNode } from 'react';
import { type RouteObject, useParams } from 'react-router';
import { FollowUpPage } from '../follow-up/follow-up-page.js';
import { RequireStaff } from '../require-staff.js';
import { CareEpisodePage } from '../triage/care-episode-page.js';
import { DropInPage } from '../triage/drop-in-page.js';
import { StaffTriagePage } from '../triage/staff-triage-page.js';
import { UnitTriagePage, UnitTriageSessionPage } from '../triage/unit-triage-page.js';
import { NoActiveUnit } from './no-unit.js';
import { PatientPage } from './patient-page.js';
import { PatientSearchPage } from './patient-search-page.js';

/** Guards a page: a logged-in staff member with an active unit; the `:personId` of the URL. */
function UnitPage({ render }: { render: (me: StaffMe, unitId: string, personId: string) => ReactNode }) {
  const { personId = '' } = useParams();
  return (
    <RequireStaff>{(me) => (me.activeUnitId ? render(me, me.activeUnitId, personId) : <NoActiveUnit />)}</RequireStaff>
  );
}

export const careRoutes: RouteObject[] = [
  {
    path: 'patienter',
    element: <UnitPage render={(me, unitId) => <PatientSearchPage key={unitId} me={me} unitId={unitId} />} />,
  },
  {
    path: 'patienter/:personId',
    element: (
      <UnitPage
        render={(me, unitId, personId) => (
          <PatientPage key={`${unitId}/${personId}`} me={me} unitId={unitId} personId={personId} />
        )}
      />
    ),
  },
  {
    path: 'patienter/:personId/triage',
    element: (
      <UnitPage
        render={(_me, unitId, personId) => <StaffTriagePage key={`${unitId}/${personId}`} personId={personId} />}
      />
    ),
  },
  {
    path: 'patienter/:personId/vardkontakt',
    element: (
      <UnitPage
        render={(_me, unitId, personId) => (
          <CareEpisodePage key={`${unitId}/${personId}`} personId={personId} unitId={unitId} />
        )}
      />
    ),
  },
  { path: 'triage', element: <UnitPage render={(_me, unitId) => <UnitTriagePage key={unitId} />} /> },
  { path: 'triage/:sessionId', element: <UnitPage render={() => <UnitTriageSessionPage />} /> },
  { path: 'drop-in', element: <UnitPage render={(_me, unitId) => <DropInPage key={unitId} />} /> },
  {
    path: 'nodatkomst',
    element: <UnitPage render={(me, unitId) => <FollowUpPage key={unitId} me={me} unitId={unitId} />} />,
  },
];
