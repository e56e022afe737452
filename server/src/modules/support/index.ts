/**
 * Citizen support's public face (issue 16): one factory taking exactly its dependencies and
 * returning its services plus the parts app.ts registers (routes, schedules, close). The SMTP
 * receiver for the support address starts here when configured (loopback by default).
 */
import { DEFAULT_SUPPORT_CALENDAR, type OpeningCalendar } from '@ingang/domain';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import type { Api } from '../../platform/http.js';
import type { Hub } from '../../platform/hub.js';
import type { Mailer } from '../../platform/mail.js';
import type { ModuleParts } from '../../platform/module.js';
import type { RateLimiter } from '../../platform/rate-limit.js';
import type { SessionService } from '../../platform/sessions.js';
import type { BookingSupportFace } from '../booking/index.js';
import { createAgentService } from './agent-service.js';
import { createSupportBookings } from './bookings.js';
import { createCitizenService } from './citizen-service.js';
import { createDashboard } from './dashboard.js';
import type { SupportDeps } from './deps.js';
import { createIntake } from './intake.js';
import { createKnowledgeService } from './knowledge-service.js';
import { createCaseEvents, registerSupportSocket } from './live.js';
import { createMailIn } from './mail-in.js';
import { createMailOut } from './mail-out.js';
import { createOffers } from './offers.js';
import { createRatings } from './rating.js';
import { ratingSecret } from './rating-store.js';
import { supportAgentRoutes } from './routes-agent.js';
import { supportCitizenRoutes } from './routes-citizen.js';
import { supportDeskRoutes } from './routes-desk.js';
import { supportPublicRoutes } from './routes-public.js';
import { createSweeps } from './sweeps.js';

export interface SupportModuleDeps {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  log: FastifyBaseLogger;
  rateLimiter: RateLimiter;
  config: Pick<Config, 'support' | 'publicUrl'> & { mail: Pick<Config['mail'], 'from'> };
  bookings: BookingSupportFace;
  calendar?: OpeningCalendar;
  /** The platform hub (Redis between instances) and sessions: the live socket. */
  hub: Hub;
  sessions: SessionService;
}

/** Builds the support module; starts the SMTP receiver when `config.support.smtpEnabled`. */
export async function createSupportModule(input: SupportModuleDeps) {
  const deps: SupportDeps = {
    db: input.db,
    clock: input.clock,
    mailer: input.mailer,
    log: input.log,
    rateLimiter: input.rateLimiter,
    config: { ...input.config.support, publicUrl: input.config.publicUrl, defaultFrom: input.config.mail.from },
    calendar: input.calendar ?? DEFAULT_SUPPORT_CALENDAR,
    bookings: input.bookings,
    events: createCaseEvents(input.hub, input.log),
  };
  const knowledge = createKnowledgeService(deps);
  const mailOut = createMailOut(deps);
  const intake = createIntake(deps, knowledge, mailOut);
  const citizen = createCitizenService(deps, intake);
  // Read before any transaction needs it (PGlite has one connection: no second query inside one).
  const ratings = createRatings(deps, mailOut, await ratingSecret(deps.db));
  const offers = createOffers(deps);
  const agents = createAgentService(deps, knowledge, mailOut, ratings, intake, offers);
  const bookings = createSupportBookings(deps);
  const dashboard = createDashboard(deps);
  const sweeps = createSweeps(deps, intake, offers);
  const mailIn = createMailIn(deps, intake);
  const receiver = deps.config.smtpEnabled ? await mailIn.start() : null;

  const parts: ModuleParts = {
    routes: async (api: Api) => {
      await supportPublicRoutes({ citizen, knowledge, ratings })(api);
      await supportCitizenRoutes(citizen)(api);
      await supportAgentRoutes({ agents, bookings })(api);
      await supportDeskRoutes({ knowledge, dashboard })(api);
      registerSupportSocket(api, { ...deps, hub: input.hub, sessions: input.sessions, config: input.config });
    },
    schedules: [
      { name: 'support.lapsed-offers', everyMs: 15_000, run: async () => void (await sweeps.lapsedOffers()) },
      { name: 'support.waiting-offers', everyMs: 15_000, run: async () => void (await sweeps.waiting()) },
      { name: 'support.sla-breaches', everyMs: 60_000, run: async () => void (await sweeps.breaches()) },
    ],
    close: () => receiver?.close(),
  };
  return {
    ...parts,
    citizen,
    agents,
    knowledge,
    dashboard,
    sweeps,
    offers,
    mailIn,
    /** The port the SMTP receiver listens on, or null when it is off. */
    smtpPort: receiver?.port ?? null,
  };
}

export type SupportModule = Awaited<ReturnType<typeof createSupportModule>>;
