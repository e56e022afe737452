/** Birth places for region admins (paths relative to /admin). */
import type { RouteObject } from 'react-router';
import { RequireAdmin } from '../admin-frame.js';
import { BirthClinicAdminPage } from './overview-page.js';

export const birthClinicAdminRoutes: RouteObject[] = [
  { path: 'forlossning', element: <RequireAdmin>{() => <BirthClinicAdminPage />}</RequireAdmin> },
];
