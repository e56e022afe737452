/** Triage authoring (paths relative to /admin): region administrators only. */
import { type RouteObject, useParams } from 'react-router';
import { RequireAdmin } from '../admin-frame.js';
import { TriageListPage } from './triage-list-page.js';
import { TriageVersionPage } from './version-page.js';

function Version() {
  const { id = '' } = useParams();
  return <RequireAdmin>{() => <TriageVersionPage key={id} versionId={id} />}</RequireAdmin>;
}

export const triageAdminRoutes: RouteObject[] = [
  { path: 'triage', element: <RequireAdmin>{() => <TriageListPage />}</RequireAdmin> },
  { path: 'triage/versioner/:id', element: <Version /> },
];
