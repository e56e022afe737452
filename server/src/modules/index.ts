/** Every capability registers here: API modules inside /api (deny by default), root modules outside. */
import type { ApiModule, RootModule } from '../platform/http.js';
import { adminRoutes } from './admin/routes.js';
import { auditRoutes } from './audit/routes.js';
import { bankIdModule } from './bankid/index.js';
import { bookingRoutes } from './booking/routes.js';
import { careRoutes } from './care/routes.js';
import { devMailRoutes } from './dev-mail/routes.js';
import { healthRoutes } from './health/routes.js';
import { identityRoutes } from './identity/routes.js';
import { invitationRoutes } from './invitations/routes.js';
import { messagingRoutes } from './messaging/routes.js';
import { registerModuleParts } from './module-adapter.js';
import { offerRoutes } from './offers/routes.js';
import { profileRoutes } from './profile/routes.js';
import { proxyRoutes } from './proxies/routes.js';
import { embeddedOidcProvider } from './staff-auth/embedded-provider.js';
import { staffAuthRoutes } from './staff-auth/routes.js';
import { timebookRoutes } from './timebook/routes.js';
import { createTriageModule } from './triage/index.js';
import { unitRoutes } from './units/routes.js';
import { videoRoutes } from './video/routes.js';

/** Triage is born in the new module shape (issue 13): its factory, wired through the adapter. */
const triageModule: ApiModule = async (api, ctx) => {
  const triage = createTriageModule({
    db: ctx.db,
    clock: ctx.clock,
    log: ctx.log,
    registry: ctx.registry,
    config: ctx.config,
  });
  await registerModuleParts(api, ctx, triage);
};

export const apiModules: ApiModule[] = [
  healthRoutes,
  unitRoutes,
  adminRoutes,
  auditRoutes,
  staffAuthRoutes,
  bankIdModule,
  careRoutes,
  identityRoutes,
  profileRoutes,
  proxyRoutes,
  devMailRoutes,
  timebookRoutes,
  bookingRoutes,
  invitationRoutes,
  offerRoutes,
  messagingRoutes,
  videoRoutes,
  triageModule,
];

export const rootModules: RootModule[] = [embeddedOidcProvider];
