/** The development mailbox (`/api/dev/mail`): only while the embedded SMTP server runs outside production. */
import type { AppContext } from '../../platform/context.js';
import type { ModuleParts } from '../../platform/module.js';
import { devMailRoutes } from './routes.js';

export function createDevMailModule(deps: Pick<AppContext, 'config' | 'db'>): ModuleParts {
  return { routes: (api) => devMailRoutes(api, deps) };
}
