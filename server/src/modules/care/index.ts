/** The care module: patient lookup and overview, care relationships, emergency access, follow-ups. */
import type { AppContext } from '../../platform/context.js';
import type { ModuleParts } from '../../platform/module.js';
import { createFollowUpService } from './follow-up-service.js';
import { careRoutes } from './routes.js';
import { createCareService } from './service.js';

export function createCareModule(deps: Pick<AppContext, 'db' | 'clock' | 'registry' | 'access'>): ModuleParts {
  const care = createCareService(deps);
  const followUp = createFollowUpService(deps);
  return { routes: (api) => careRoutes(api, { care, followUp }) };
}
