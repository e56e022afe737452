/** Staff video routes (relative to /staff): my meetings, a meeting, a booked visit's meeting. */
import type { RouteObject } from 'react-router';
import { RequireStaff } from '../require-staff.js';
import { StaffBookingMeetingPage } from './booking-meeting-page.js';
import { StaffMeetingPage } from './staff-meeting-page.js';
import { StaffMeetingsPage } from './staff-meetings-page.js';

export const staffVideoRoutes: RouteObject[] = [
  { path: 'video', element: <RequireStaff>{(me) => <StaffMeetingsPage me={me} />}</RequireStaff> },
  { path: 'video/:meetingId', element: <RequireStaff>{() => <StaffMeetingPage />}</RequireStaff> },
  { path: 'video/bokning/:bookingId', element: <RequireStaff>{() => <StaffBookingMeetingPage />}</RequireStaff> },
];
