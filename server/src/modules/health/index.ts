/** The health module: `GET /api/health`, `/api/health/live`, `/api/health/ready` (database, Redis, draining). */
import type { AppContext } from '../../platform/context.js';
import type { ModuleParts } from '../../platform/module.js';
import { healthRoutes } from './routes.js';

export function createHealthModule(deps: Pick<AppContext, 'db' | 'config' | 'hub' | 'cluster'>): ModuleParts {
  return { routes: (api) => healthRoutes(api, deps) };
}
