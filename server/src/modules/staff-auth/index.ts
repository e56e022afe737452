/**
 * The staff-auth module: staff login (OpenID Connect relying party), the
 * active-unit choice and, in development, the embedded IdP at the root.
 */
import type { AppContext } from '../../platform/context.js';
import type { ModuleParts } from '../../platform/module.js';
import { mountEmbeddedProvider } from './embedded-provider.js';
import { staffAuthRoutes } from './routes.js';
import { createStaffAuthService } from './service.js';

export function createStaffAuthModule(
  deps: Pick<AppContext, 'config' | 'db' | 'clock' | 'log' | 'sessions' | 'cookies' | 'rateLimiter'>,
): ModuleParts {
  const service = createStaffAuthService(deps);
  return {
    routes: (api) => staffAuthRoutes(api, { service }, deps),
    ...(deps.config.oidc.embedded ? { rootRoutes: (app) => mountEmbeddedProvider(app, deps) } : {}),
  };
}
