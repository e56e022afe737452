/** Every capability registers here: API modules inside /api (deny by default), root modules outside. */
import { parsePersonnummer } from '@ingang/domain';
import { createActingFor } from '../platform/acting-for.js';
import type { AppContext } from '../platform/context.js';
import { badRequest } from '../platform/errors.js';
import type { Api, ApiModule, RootModule } from '../platform/http.js';
import type { ModuleParts } from '../platform/module.js';
import { registerRelationshipSource } from '../platform/patient-access.js';
import { adminRoutes } from './admin/routes.js';
import { auditRoutes } from './audit/routes.js';
import { bankIdModule } from './bankid/index.js';
import { createBirthClinicModule } from './birth-clinic/index.js';
import { resolveNear } from './booking/near.js';
import { bookingRoutes } from './booking/routes.js';
import { careRoutes } from './care/routes.js';
import { findPersonByPersonalNumber, upsertPersonFromRegistry } from './citizens/store.js';
import { devMailRoutes } from './dev-mail/routes.js';
import { healthRoutes } from './health/routes.js';
import { identityRoutes } from './identity/routes.js';
import { invitationRoutes } from './invitations/routes.js';
import { messagingRoutes } from './messaging/routes.js';
import { offerRoutes } from './offers/routes.js';
import { profileRoutes } from './profile/routes.js';
import { proxyRoutes } from './proxies/routes.js';
import { embeddedOidcProvider } from './staff-auth/embedded-provider.js';
import { staffAuthRoutes } from './staff-auth/routes.js';
import { timebookRoutes } from './timebook/routes.js';
import { unitRoutes } from './units/routes.js';
import { videoRoutes } from './video/routes.js';

/**
 * Until app.ts wires module factories itself (issue 13), registers a new-shape
 * module's parts: routes in /api, job handlers (payload parsed with the
 * schema), schedules (stopped on close) and relationship sources.
 */
async function registerParts(api: Api, ctx: AppContext, parts: ModuleParts): Promise<void> {
  for (const source of parts.accessSources ?? []) registerRelationshipSource(source.name, source.source);
  for (const job of parts.jobs ?? []) {
    ctx.jobs.register(job.kind, (payload, info) => job.handle(job.schema.parse(payload) as never, info), {
      scrubPayload: job.scrubPayload,
    });
  }
  for (const schedule of parts.schedules ?? []) {
    if (ctx.config.mode === 'test') continue; // tests run the work themselves
    const timer = setInterval(() => {
      schedule.run().catch((error) => ctx.log.warn({ err: error, schedule: schedule.name }, 'schedule failed'));
    }, schedule.everyMs);
    timer.unref();
    ctx.onClose(() => clearInterval(timer));
  }
  if (parts.close) ctx.onClose(parts.close);
  if (parts.routes) await parts.routes(api);
}

/** A patient by personnummer, created from the registry when new to Ingång; 400 when malformed. */
async function findPatientByNumber(ctx: AppContext, input: string, now: Date) {
  const parsed = parsePersonnummer(input, now);
  if (!parsed.ok) throw badRequest('invalid_personal_number', parsed.message, { personalNumber: parsed.message });
  const known = await findPersonByPersonalNumber(ctx.db, parsed.value.normalized);
  if (known) return known;
  const registered = await ctx.registry.lookup(parsed.value.normalized);
  return registered && !registered.deceased ? upsertPersonFromRegistry(ctx.db, registered, now) : null;
}

const birthClinicModule: ApiModule = async (api, ctx) => {
  const module = createBirthClinicModule({
    db: ctx.db,
    clock: ctx.clock,
    jobs: ctx.jobs,
    mail: ctx.mail,
    log: ctx.log,
    actingFor: createActingFor(ctx),
    findPatient: (pnr, now) => findPatientByNumber(ctx, pnr, now),
    locate: (postalCode) => resolveNear(postalCode, []),
  });
  await registerParts(api, ctx, module);
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
  birthClinicModule,
];

export const rootModules: RootModule[] = [embeddedOidcProvider];
