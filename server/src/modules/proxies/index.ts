/** The proxies module: ombud grants (citizens), registering a grant (staff), whom I may act for. */
import type { AppContext } from '../../platform/context.js';
import type { ModuleParts } from '../../platform/module.js';
import { proxyRoutes } from './routes.js';
import { createProxyService } from './service.js';
import { createStaffProxyService } from './staff-service.js';
import { createSubjectService } from './subjects.js';

export function createProxiesModule(
  deps: Pick<AppContext, 'db' | 'clock' | 'registry' | 'rateLimiter' | 'config' | 'access'>,
): ModuleParts {
  const proxies = createProxyService(deps);
  const staffProxies = createStaffProxyService(deps);
  const subjects = createSubjectService(deps);
  return { routes: (api) => proxyRoutes(api, { proxies, staffProxies, subjects }) };
}
