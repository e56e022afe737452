/**
 * The BankID module: picks the BankID side (the embedded simulator in
 * development and tests, the real RP API otherwise), builds the login service
 * and returns its routes and the sweep of expired orders.
 */
import type { AppContext } from '../../platform/context.js';
import type { Api } from '../../platform/http.js';
import type { ModuleParts } from '../../platform/module.js';
import type { BankIdClient } from './client.js';
import { registerSimulatorRpRoutes, registerSimulatorTesterRoutes } from './dev-routes.js';
import { registerBankIdRoutes } from './routes.js';
import { rpClientFromConfig } from './rp-client.js';
import { createBankIdService } from './service.js';
import { createBankIdSimulator } from './simulator.js';

type Deps = Pick<
  AppContext,
  'config' | 'db' | 'hub' | 'clock' | 'registry' | 'sessions' | 'rateLimiter' | 'log' | 'cookies'
>;

export function createBankIdModule(deps: Deps): ModuleParts {
  const { config } = deps;
  let client: BankIdClient;
  let simulatorRoutes: ((api: Api) => void) | null = null;
  let close: (() => void) | undefined;
  if (config.bankid.backend === 'simulator') {
    // Throws in production mode (config refuses it too): the simulator lets anyone log in as anyone.
    // Its orders are BankID's side: kept in the hub, never in the region's database.
    const sim = createBankIdSimulator({ hub: deps.hub, clock: deps.clock, registry: deps.registry, mode: config.mode });
    simulatorRoutes = (api) => {
      registerSimulatorTesterRoutes(api, sim);
      registerSimulatorRpRoutes(api, sim);
    };
    client = sim;
  } else {
    const rp = rpClientFromConfig(config);
    close = () => rp.close();
    client = rp;
  }
  const service = createBankIdService({
    db: deps.db,
    clock: deps.clock,
    client,
    registry: deps.registry,
    sessions: deps.sessions,
    rateLimiter: deps.rateLimiter,
    log: deps.log,
    citizenIdleSeconds: config.session.citizenIdleSeconds,
    rateLimit: config.rateLimit,
  });
  return {
    async routes(api) {
      simulatorRoutes?.(api);
      registerBankIdRoutes(api, deps, service);
    },
    // Every ten minutes keeps bankid_orders small without a delete on every login start
    // (during a surge that would be one more write per login). Idempotent across instances.
    schedules: [
      {
        name: 'bankid.purge-expired-orders',
        everyMs: 10 * 60_000,
        deferInRush: true,
        run: () => service.purgeExpired(),
      },
    ],
    ...(close ? { close } : {}),
  };
}
