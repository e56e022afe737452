/** The care module: patient lookup and overview, care relationships, emergency access, follow-ups. */
import type { AppContext } from '../../platform/context.js';
import type { ModuleParts } from '../../platform/module.js';
import { createFollowUpService } from './follow-up-service.js';
import { careRoutes } from './routes.js';
import { createCareService } from './service.js';
import { insertOutreach } from './store.js';

export interface CareModule extends ModuleParts {
  /** Puts an outreach (contact without a care relationship) on the unit's follow-up list, in the caller's transaction. */
  recordOutreach: typeof insertOutreach;
}

export function createCareModule(deps: Pick<AppContext, 'db' | 'clock' | 'registry' | 'access'>): CareModule {
  const care = createCareService(deps);
  const followUp = createFollowUpService(deps);
  return { recordOutreach: insertOutreach, routes: (api) => careRoutes(api, { care, followUp }) };
}
