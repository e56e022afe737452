/** The identity module: who am I (`/api/me`), keep-alive, logging out (here or everywhere). */
import type { AppContext } from '../../platform/context.js';
import type { ModuleParts } from '../../platform/module.js';
import { identityRoutes } from './routes.js';
import { createIdentityService } from './service.js';

export function createIdentityModule(
  deps: Pick<AppContext, 'db' | 'clock' | 'registry' | 'sessions' | 'config' | 'cookies'>,
): ModuleParts {
  const identity = createIdentityService(deps);
  return { routes: (api) => identityRoutes(api, { identity }, deps) };
}
