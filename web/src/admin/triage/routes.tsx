/** Triage authoring (paths relative to /admin): region administrators; a unit's entrance switches: its administrators too. */
import { type RouteObject, useParams } from 'react-router';
import { RequireAdmin } from '../admin-frame.js';
import { TriageListPage } from './triage-list-page.js';
import { UnitEntrancePage } from './unit-entrance-page.js';
import { TriageVersionPage } from './version-page.js';

function Version() {
  const { id = '' } = useParams();
  return <RequireAdmin>{() => <TriageVersionPage key={id} versionId={id} />}</RequireAdmin>;
}

function UnitEntrance() {
  const { unitId = '' } = useParams();
  return (
    <RequireAdmin>
      {(me) => <UnitEntrancePage key={unitId} unitId={unitId} regionAdmin={me.abilities.administerRegion} />}
    </RequireAdmin>
  );
}

export const triageAdminRoutes: RouteObject[] = [
  { path: 'triage', element: <RequireAdmin>{() => <TriageListPage />}</RequireAdmin> },
  { path: 'triage/versioner/:id', element: <Version /> },
  { path: 'enheter/:unitId/triage', element: <UnitEntrance /> },
];
