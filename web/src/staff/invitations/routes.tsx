/**
 * "Kallelser och erbjudanden" in the staff portal (paths relative to /staff):
 * the unit's invitations, sending one, one invitation; the unit's offers,
 * creating one, one offer. All work in the active unit.
 */
import type { StaffMe } from '@ingang/contracts';
import type { ReactNode } from 'react';
import { type RouteObject, useParams } from 'react-router';
import { NewOfferPage } from '../offers/new-offer-page.js';
import { OfferPage } from '../offers/offer-page.js';
import { OffersPage } from '../offers/offers-page.js';
import { NoActiveUnit } from '../patients/no-unit.js';
import { RequireStaff } from '../require-staff.js';
import { InvitationDetailPage } from './invitation-detail-page.js';
import { InvitationsPage } from './invitations-page.js';
import { NewInvitationPage } from './new-invitation-page.js';

/** Guards a page: a logged-in staff member with an active unit; `:id` of the URL. */
function UnitPage({ render }: { render: (me: StaffMe, unitId: string, id: string) => ReactNode }) {
  const { id = '' } = useParams();
  return <RequireStaff>{(me) => (me.activeUnitId ? render(me, me.activeUnitId, id) : <NoActiveUnit />)}</RequireStaff>;
}

export const invitationRoutes: RouteObject[] = [
  {
    path: 'kallelser',
    element: <UnitPage render={(me, unitId) => <InvitationsPage key={unitId} me={me} unitId={unitId} />} />,
  },
  {
    path: 'kallelser/ny',
    element: <UnitPage render={(me, unitId) => <NewInvitationPage key={unitId} me={me} unitId={unitId} />} />,
  },
  {
    path: 'kallelser/:id',
    element: (
      <UnitPage render={(_, unitId, id) => <InvitationDetailPage key={`${unitId}/${id}`} unitId={unitId} id={id} />} />
    ),
  },
  {
    path: 'erbjudanden',
    element: <UnitPage render={(me, unitId) => <OffersPage key={unitId} me={me} unitId={unitId} />} />,
  },
  {
    path: 'erbjudanden/nytt',
    element: <UnitPage render={(me, unitId) => <NewOfferPage key={unitId} me={me} unitId={unitId} />} />,
  },
  {
    path: 'erbjudanden/:id',
    element: <UnitPage render={(_, unitId, id) => <OfferPage key={`${unitId}/${id}`} unitId={unitId} id={id} />} />,
  },
];
