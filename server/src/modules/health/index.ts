/** The health module: `GET /api/health` (liveness and a database round trip). */
import type { AppContext } from '../../platform/context.js';
import type { ModuleParts } from '../../platform/module.js';
import { healthRoutes } from './routes.js';

export function createHealthModule(deps: Pick<AppContext, 'db'>): ModuleParts {
  return { routes: (api) => healthRoutes(api, deps) };
}
