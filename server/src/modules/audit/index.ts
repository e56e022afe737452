/** The audit module: who has seen my data (citizens) and the audit log search (staff). */
import type { AppContext } from '../../platform/context.js';
import type { ModuleParts } from '../../platform/module.js';
import { auditRoutes } from './routes.js';
import { createAuditService } from './service.js';

export function createAuditModule(deps: Pick<AppContext, 'db' | 'clock' | 'registry' | 'config'>): ModuleParts {
  const audit = createAuditService(deps);
  return { routes: (api) => auditRoutes(api, { audit }) };
}
