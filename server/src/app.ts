/**
 * Builds the server from a config object. `main.ts` calls it with the
 * environment's config; tests call it with their own (in-memory PGlite or a
 * fresh PostgreSQL database) and drive it with `app.inject` or a real port.
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { createAdminModule } from './modules/admin/index.js';
import { createAuditModule } from './modules/audit/index.js';
import { createBankIdModule } from './modules/bankid/index.js';
import { createBirthClinicModule } from './modules/birth-clinic/index.js';
import { createBookingModule } from './modules/booking/index.js';
import { createCareModule } from './modules/care/index.js';
import { createDevMailModule } from './modules/dev-mail/index.js';
import { createFhirModule } from './modules/fhir/index.js';
import { createHealthModule } from './modules/health/index.js';
import { createIdentityModule } from './modules/identity/index.js';
import { createInvitationsModule } from './modules/invitations/index.js';
import { createMessagingModule } from './modules/messaging/index.js';
import { createOffersModule } from './modules/offers/index.js';
import { createProfileModule } from './modules/profile/index.js';
import { createProxiesModule } from './modules/proxies/index.js';
import { createRegistryModule } from './modules/registry/index.js';
import { createStaffAuthModule } from './modules/staff-auth/index.js';
import { createSupportModule, type SupportModule } from './modules/support/index.js';
import { createTimebookModule } from './modules/timebook/index.js';
import { careContactOf, createTriageModule } from './modules/triage/index.js';
import { createUnitsModule } from './modules/units/index.js';
import { createVideoModule } from './modules/video/index.js';
import { createWaitingRoomModule, type WaitingRoomModule } from './modules/waiting-room/index.js';
import { installAuth } from './platform/auth.js';
import { installBodyLimits } from './platform/body-limits.js';
import { type Clock, systemClock } from './platform/clock.js';
import { createCluster } from './platform/cluster.js';
import type { AppContext } from './platform/context.js';
import { openDatabase } from './platform/db/index.js';
import { migrate } from './platform/db/migrate.js';
import { frameworkErrors, installErrorHandling } from './platform/error-handler.js';
import type { Api } from './platform/http.js';
import { createMemoryHub, createRedisHub, type Hub } from './platform/hub.js';
import { purgeIdempotencyKeys } from './platform/idempotency.js';
import { createJobQueue, JOB_MAX_DEFER_MS, type JobQueue } from './platform/jobs.js';
import { createLoadMonitor } from './platform/load.js';
import { AccessLog, loggerOptions } from './platform/logging.js';
import { startMail } from './platform/mail.js';
import { createMetrics, type Metrics } from './platform/metrics.js';
import type { JobSpec, ModuleParts, ScheduleSpec } from './platform/module.js';
import { createPatientAccess } from './platform/patient-access.js';
import { createRateLimiter } from './platform/rate-limit.js';
import { CLOSE } from './platform/realtime.js';
import { createSchedules, type Schedules } from './platform/schedules.js';
import { installSecurityHeaders } from './platform/security-headers.js';
import { createSessionService, type SessionService } from './platform/sessions.js';
import { purgeSmsOnceKeys, startSms } from './platform/sms.js';

export interface BuildOptions {
  clock?: Clock;
  hub?: Hub;
  /** Run migrations while building (default true). */
  migrate?: boolean;
  /** Run the background job worker in this process (default: on, except in test mode). */
  startJobs?: boolean;
}

export interface BuiltApp {
  app: Api;
  ctx: AppContext;
  /** Citizen support (tests reach its SMTP port and sweeps). */
  support: SupportModule;
  /** The waiting room (tests step its load-driven pace by hand). */
  waitingRoom: WaitingRoomModule;
  /** The recurring work (tests run a schedule once with `runOnce`). */
  schedules: Schedules;
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<BuiltApp> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel),
    logController: new AccessLog(config.accessLog),
    bodyLimit: config.bodyLimit,
    // Forwarded headers only from the configured proxies (TRUSTED_PROXIES); otherwise the socket's address.
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    frameworkErrors,
    // Node's own limit on receiving a request (slow clients); handler time is capped in platform/load.ts.
    requestTimeout: config.load.requestTimeoutMs,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    inMemory: config.inMemoryDb,
    poolSize: config.dbPoolSize,
    preparedStatements: config.dbPreparedStatements,
    searchPoolSize: config.dbSearchPoolSize,
    searchPlanCacheMode: config.dbSearchPlanCacheMode,
    onIdleError: (error) => app.log.warn({ err: error }, 'idle database connection lost'),
    statementTimeoutMs: config.load.statementTimeoutMs,
    poolAcquireTimeoutMs: config.load.poolAcquireTimeoutMs,
    onAcquire: (pool, waitedMs) => metrics?.observeAcquire(pool, waitedMs),
  });
  const load = createLoadMonitor({ poolWaiting: database.poolWaiting, limits: config.load });
  const metrics: Metrics | undefined = createMetrics({
    load,
    pools: () => database.pools(),
    sockets: () => app.websocketServer?.clients.size ?? 0,
  });
  load.install(app);
  metrics.install(app);
  if (options.migrate !== false) await migrate(database.db);

  // ---- platform
  const clock = options.clock ?? systemClock;
  const hub =
    options.hub ?? (config.redisUrl ? createRedisHub(config.redisUrl, config.redisPrefix) : createMemoryHub());
  const cluster = createCluster({ db: database.db, log: app.log });
  await cluster.start();
  const jobs = createJobQueue({ db: database.db, clock, log: app.log });
  const sessions = countingLogins(
    createSessionService({
      db: database.db,
      clock,
      maxAgeSeconds: config.session.maxAgeSeconds,
      cacheMs: config.session.cacheMs,
      hub,
    }),
    metrics,
  );
  const mail = await startMail({ config: config.mail, db: database.db, clock, log: app.log, jobs });
  const sms = startSms({ config: config.sms, db: database.db, clock, jobs });
  // The gate is completed from the modules' access sources once they are all wired (below).
  const access = createPatientAccess();
  const registry = createRegistryModule({ db: database.db });
  const ctx: AppContext = {
    config,
    db: database.db,
    searchDb: database.searchDb,
    dbKind: database.kind,
    clock,
    hub,
    cluster,
    load,
    metrics,
    sessions,
    rateLimiter: createRateLimiter(hub, () => clock.now().getTime()),
    log: app.log,
    registry: registry.registry,
    jobs,
    mail: mail.mailer,
    sms: sms.sender,
    cookies: { secure: config.session.secureCookies },
    access,
  };

  // ---- modules, in dependency order (a module gets the faces of those above it)
  const waitingRoom = await createWaitingRoomModule({
    db: ctx.db,
    clock,
    hub,
    rateLimiter: ctx.rateLimiter,
    load,
    log: app.log,
    config: config.waitingRoom,
    secureCookies: config.session.secureCookies,
  });
  const units = createUnitsModule(ctx);
  const timebook = createTimebookModule(ctx);
  const booking = createBookingModule(ctx);
  const care = createCareModule(ctx);
  const invitations = createInvitationsModule({ ...ctx, booking, timebook, care });
  const video = await createVideoModule(ctx);
  const messaging = createMessagingModule({ ...ctx, booking, invitations, careContactOf });
  const modules: ModuleParts[] = [
    registry,
    createHealthModule(ctx),
    units,
    createAdminModule({ ...ctx, units }),
    createAuditModule(ctx),
    createStaffAuthModule(ctx),
    // Before login and booking: its gate hook guards their routes.
    waitingRoom.parts,
    createBankIdModule(ctx),
    care,
    createIdentityModule(ctx),
    createProfileModule(ctx),
    createProxiesModule(ctx),
    createDevMailModule(ctx),
    timebook,
    booking,
    invitations,
    createOffersModule({ ...ctx, booking, timebook }),
    messaging,
    video,
    createBirthClinicModule({ ...ctx, locate: booking.locate }),
    createFhirModule({ ...ctx, queuePeaks: waitingRoom.peaks, rush: waitingRoom.rush }),
    createTriageModule({ ...ctx, video, messaging }),
  ];
  const support = await createSupportModule({ ...ctx, mailer: ctx.mail, bookings: booking.supportFace });
  modules.push(support);

  // ---- what the modules return: access sources, jobs, schedules, closers
  access.complete(modules.flatMap((m) => m.accessSources ?? []));
  registerJobs(jobs, [...mail.jobs, ...sms.jobs, ...modules.flatMap((m) => m.jobs ?? [])]);
  // Reminders, notices and exports wait while a room stands in front of the app (at most 15 min).
  jobs.deferDuring(waitingRoom.rush);
  const recurring: ScheduleSpec[] = [
    // Idempotency keys are kept a day; an hourly sweep keeps the table small.
    {
      name: 'idempotency.purge',
      everyMs: 60 * 60_000,
      deferInRush: true,
      run: async () => {
        await purgeIdempotencyKeys(ctx.db, clock.now());
      },
    },
    // SMS once-keys guard a job's retries (hours); kept 30 days, swept hourly like the above.
    {
      name: 'sms-once.purge',
      everyMs: 60 * 60_000,
      deferInRush: true,
      run: async () => {
        await purgeSmsOnceKeys(ctx.db, clock.now());
      },
    },
    ...modules.flatMap((m) => m.schedules ?? []),
  ];
  const schedules = createSchedules({ clock, log: app.log, maxDeferMs: JOB_MAX_DEFER_MS, specs: recurring });
  // The purges, sweeps and exports marked deferInRush skip their turns likewise (a run at least every 15 min).
  schedules.deferDuring(waitingRoom.rush);
  schedules.start();
  // Closed in reverse: schedules, then the modules (last wired first), the job worker, mail, sessions.
  const closers: (() => Promise<void> | void)[] = [
    () => load.close(),
    () => sessions.close(),
    () => mail.close(),
    () => jobs.stop(),
    ...modules.flatMap((m) => (m.close ? [m.close] : [])),
    () => schedules.stop(),
  ];
  app.addHook('onClose', async () => {
    await cluster.drain();
    for (const close of closers.reverse()) await close();
    await cluster.close();
    await hub.close();
    await database.close();
  });

  installDrain(app, ctx);
  await app.register(fastifyCookie);
  installErrorHandling(app);
  await installSecurityHeaders(app, { https: config.publicUrl.startsWith('https://') || config.mode === 'production' });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Ingång API',
        version: '1',
        description:
          'The patient app and staff portal API. Log in through the BankID endpoints (citizens) or /api/auth/staff/login (staff); send the `x-csrf-token` header (value from the `ingang_csrf` cookie) on every state-changing request.',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  // WebSocket routes (chat, video signalling) live in their modules; see platform/realtime.ts.
  await app.register(fastifyWebsocket, { options: { maxPayload: config.bodyLimit } });

  await app.register(
    async (api) => {
      installBodyLimits(api);
      installAuth(api, { db: ctx.db, sessions: ctx.sessions });
      for (const m of modules) await m.routes?.(api as Api);
    },
    { prefix: '/api' },
  );
  for (const m of modules) await m.rootRoutes?.(app);
  await serveWeb(app, config.webDist);
  // Started last, so every module has registered its job handlers.
  if (options.startJobs ?? config.mode !== 'test') jobs.start();
  return { app, ctx, support, waitingRoom, schedules };
}

/** Counts completed logins (a session created, or minted and adopted, is a login) for /metrics. */
function countingLogins(sessions: SessionService, metrics: Metrics): SessionService {
  return {
    ...sessions,
    async create(q, input) {
      const created = await sessions.create(q, input);
      metrics.countLogin(input.kind);
      return created;
    },
    adopt(session) {
      sessions.adopt(session);
      metrics.countLogin(session.kind);
    },
  };
}

/**
 * While draining, answers tell keep-alive clients to reconnect (through the load balancer, elsewhere);
 * on close, every WebSocket gets the reconnect hint before the listener waits for in-flight requests.
 */
function installDrain(app: Api, ctx: AppContext) {
  // A callback hook: every answer passes it, and an async one costs a promise each (issue 15).
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (ctx.cluster.draining) reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('preClose', async () => {
    await ctx.cluster.drain();
    for (const socket of app.websocketServer?.clients ?? []) socket.close(CLOSE.restarting, 'restarting');
  });
}

/** Registers every job kind; the payload is parsed with the job's schema before its handler runs. */
function registerJobs(queue: JobQueue, specs: JobSpec<never>[]) {
  for (const spec of specs) {
    const job = spec as unknown as JobSpec<unknown>;
    queue.register(
      job.kind,
      async (payload, info) => {
        const parsed = job.schema.safeParse(payload);
        // The message names the kind only: payloads hold personal data.
        if (!parsed.success) throw new Error(`${job.kind} payload is malformed`);
        await job.handle(parsed.data, info);
      },
      { scrubPayload: job.scrubPayload === true, deferInRush: job.deferInRush === true },
    );
  }
}

/**
 * Serves the built web app with a single-page-app fallback: a GET for a page path gets
 * index.html; everything else (the API, missing assets) gets the JSON 404.
 */
async function serveWeb(app: Api, webDist: string) {
  const index = path.join(webDist, 'index.html');
  const html = fs.existsSync(index) ? fs.readFileSync(index, 'utf8') : null;
  if (html) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: false });
  } else {
    app.log.warn({ webDist }, 'web bundle not built; run `npm run build` (npm start does it for you)');
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    // HEAD answers like GET (headers of the page, no body).
    const reads = request.method === 'GET' || request.method === 'HEAD';
    if (html && reads && !url.startsWith('/api/') && !path.extname(url)) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
    }
    return reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${url}` } });
  });
}
