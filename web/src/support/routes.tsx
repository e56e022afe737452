/** The support desk ('/support/*'), loaded lazily like the staff area. */
import type { RouteObject } from 'react-router';
import './support.css';
import { CasePage } from './case-page.js';
import { DashboardPage } from './dashboard-page.js';
import { DeskLayout } from './desk-layout.js';
import { DeviationsPage } from './deviations-page.js';
import { InfoPage } from './info-page.js';
import { KnowledgePage } from './knowledge-page.js';
import { QueuePage } from './queue-page.js';

const wrap = (el: React.ReactNode) => <DeskLayout>{el}</DeskLayout>;

export const routes: RouteObject[] = [
  { path: '/', element: wrap(<QueuePage />) },
  { path: '/arenden/:id', element: wrap(<CasePage />) },
  { path: '/information', element: wrap(<InfoPage />) },
  { path: '/avvikelser', element: wrap(<DeviationsPage />) },
  { path: '/kunskap', element: wrap(<KnowledgePage />) },
  { path: '/statistik', element: wrap(<DashboardPage />) },
];
