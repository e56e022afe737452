/**
 * The unit inbox (paths relative to /staff): `inkorg`, `inkorg/ny`, `inkorg/installningar` and
 * `inkorg/:conversationId`.
 * Both work in the active unit; staff without one are asked to choose it.
 */
import type { StaffMe } from '@ingang/contracts';
import type { ReactNode } from 'react';
import { type RouteObject, useParams } from 'react-router';
import './inbox.css';
import { NoActiveUnit } from '../patients/no-unit.js';
import { RequireStaff } from '../require-staff.js';
import { StaffConversationPage } from './conversation-page.js';
import { InboxPage } from './inbox-page.js';
import { StaffNewConversationPage } from './new-conversation-page.js';
import { MessagingSettingsPage } from './settings-page.js';

function UnitPage({ render }: { render: (me: StaffMe, unitId: string, conversationId: string) => ReactNode }) {
  const { conversationId = '' } = useParams();
  return (
    <RequireStaff>
      {(me) => (me.activeUnitId ? render(me, me.activeUnitId, conversationId) : <NoActiveUnit />)}
    </RequireStaff>
  );
}

export const inboxRoutes: RouteObject[] = [
  {
    path: 'inkorg',
    element: <UnitPage render={(me, unitId) => <InboxPage key={unitId} me={me} unitId={unitId} />} />,
  },
  {
    path: 'inkorg/ny',
    element: <UnitPage render={(me, unitId) => <StaffNewConversationPage key={unitId} me={me} unitId={unitId} />} />,
  },
  {
    path: 'inkorg/installningar',
    element: <UnitPage render={(me, unitId) => <MessagingSettingsPage key={unitId} me={me} unitId={unitId} />} />,
  },
  {
    path: 'inkorg/:conversationId',
    element: (
      <UnitPage
        render={(me, unitId, id) => <StaffConversationPage key={`${unitId}/${id}`} me={me} unitId={unitId} id={id} />}
      />
    ),
  },
];
