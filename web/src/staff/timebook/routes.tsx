/**
 * The staff timebook (paths relative to /staff): the calendar, "Publicera
 * tider", the day list and a printable health declaration. All work in the
 * active unit.
 */
import type { StaffMe } from '@ingang/contracts';
import type { ReactNode } from 'react';
import { type RouteObject, useParams } from 'react-router';
import './timebook.css';
import { NoActiveUnit } from '../patients/no-unit.js';
import { RequireStaff } from '../require-staff.js';
import { CalendarPage } from './calendar-page.js';
import { DayListPage } from './day-list-page.js';
import { DeclarationPrintPage } from './declaration-print-page.js';
import { PublishPage } from './publish-page.js';

/** Guards a page: a logged-in staff member with an active unit; `:bookingId` of the URL. */
function UnitPage({ render }: { render: (me: StaffMe, unitId: string, bookingId: string) => ReactNode }) {
  const { bookingId = '' } = useParams();
  return (
    <RequireStaff>{(me) => (me.activeUnitId ? render(me, me.activeUnitId, bookingId) : <NoActiveUnit />)}</RequireStaff>
  );
}

export const timebookRoutes: RouteObject[] = [
  {
    path: 'tidbok',
    element: <UnitPage render={(me, unitId) => <CalendarPage key={unitId} me={me} unitId={unitId} />} />,
  },
  {
    path: 'tidbok/publicera',
    element: <UnitPage render={(me, unitId) => <PublishPage key={unitId} me={me} unitId={unitId} />} />,
  },
  {
    path: 'dagslista',
    element: <UnitPage render={(me, unitId) => <DayListPage key={unitId} me={me} unitId={unitId} />} />,
  },
  {
    path: 'dagslista/:bookingId/deklaration',
    element: <UnitPage render={(_, __, bookingId) => <DeclarationPrintPage key={bookingId} bookingId={bookingId} />} />,
  },
];
