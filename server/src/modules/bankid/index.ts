/**
 * The BankID module: picks the BankID side (the embedded simulator in
 * development and tests, the real RP API otherwise), builds the login service
 * and registers its routes.
 */
import type { ApiModule } from '../../platform/http.js';
import type { BankIdClient } from './client.js';
import { registerSimulatorRpRoutes, registerSimulatorTesterRoutes } from './dev-routes.js';
import { registerBankIdRoutes } from './routes.js';
import { rpClientFromConfig } from './rp-client.js';
import { createBankIdService } from './service.js';
import { createBankIdSimulator } from './simulator.js';

export const bankIdModule: ApiModule = async (api, ctx) => {
  const { config } = ctx;
  let client: BankIdClient;
  if (config.bankid.backend === 'simulator') {
    // Throws in production mode (config refuses it too): the simulator lets anyone log in as anyone.
    const sim = createBankIdSimulator({ db: ctx.db, clock: ctx.clock, registry: ctx.registry, mode: config.mode });
    registerSimulatorTesterRoutes(api, sim);
    registerSimulatorRpRoutes(api, sim);
    client = sim;
  } else {
    const rp = rpClientFromConfig(config);
    ctx.onClose(() => rp.close());
    client = rp;
  }
  const service = createBankIdService({
    db: ctx.db,
    clock: ctx.clock,
    client,
    registry: ctx.registry,
    sessions: ctx.sessions,
    rateLimiter: ctx.rateLimiter,
    log: ctx.log,
    citizenIdleSeconds: config.session.citizenIdleSeconds,
    rateLimit: config.rateLimit,
  });
  registerBankIdRoutes(api, ctx, service);
  // A sweep every ten minutes keeps bankid_orders small without a delete on every login start
  // (during a surge that would be one more write per login). Idempotent across instances.
  const sweep = setInterval(() => {
    service.purgeExpired().catch((error) => ctx.log.warn({ err: error }, 'bankid order purge failed'));
  }, 10 * 60_000);
  sweep.unref();
  ctx.onClose(() => clearInterval(sweep));
};
