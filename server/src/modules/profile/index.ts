/** The profile module: a citizen's contact details, verified e-mail and notification choices. */
import type { AppContext } from '../../platform/context.js';
import type { ModuleParts } from '../../platform/module.js';
import { profileRoutes } from './routes.js';
import { createProfileService } from './service.js';

export function createProfileModule(
  deps: Pick<AppContext, 'db' | 'clock' | 'mail' | 'rateLimiter' | 'config'>,
): ModuleParts {
  const profiles = createProfileService(deps);
  return { routes: (api) => profileRoutes(api, { profiles }, deps) };
}
