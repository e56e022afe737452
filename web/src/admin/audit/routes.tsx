/**
 * Admin pages for issue 3 (paths relative to /admin): the region
 * administrators' audit search and a unit's emergency-access follow-up.
 */
import type { RouteObject } from 'react-router';
import { useParams } from 'react-router';
import { RequireAdmin } from '../admin-frame.js';
import { UnitFollowUpPage } from '../follow-up/unit-follow-up-page.js';
import { AuditSearchPage } from './audit-search-page.js';

function FollowUp() {
  const { unitId = '' } = useParams();
  return <RequireAdmin>{() => <UnitFollowUpPage key={unitId} unitId={unitId} />}</RequireAdmin>;
}

export const auditRoutes: RouteObject[] = [
  { path: 'logg', element: <RequireAdmin>{(me) => <AuditSearchPage me={me} />}</RequireAdmin> },
  { path: 'enheter/:unitId/nodatkomst', element: <FollowUp /> },
];
