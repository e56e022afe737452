/**
 * The embedded BankID simulator ("the BankID side" for development and tests).
 * It implements BankIdClient with the v6 semantics. Its orders are BankID's
 * state, not the region's: they live in the hub (sim-store.ts — Redis when
 * several instances share them, memory otherwise), never in the region's database.
 *
 * Behaviour, after the real service:
 * - a started order is pending/outstandingTransaction until a tester approves
 *   it (→ complete, with completionData named from the population registry)
 *   or refuses it (→ failed with the chosen hintCode);
 * - an order lives 3 minutes; then collect answers failed/expiredTransaction.
 *   (Real BankID also fails a QR order whose app never starts after ~30 s with
 *   startFailed; the simulator does not, so a tester has time to click.)
 * - `cancel` → failed/cancelled;
 * - a second auth locked to the same personalNumber while one is pending is
 *   refused with alreadyInProgress, and the pending one is cancelled
 *   (collect → failed/cancelled), as v6 does;
 * - unknown orderRef → notFound.
 * It must never run in production: the factory throws there.
 */
import { randomUUID } from 'node:crypto';
import { parsePersonnummer, stockholmDate } from '@ingang/domain';
import type { Clock } from '../../platform/clock.js';
import { AppError, badRequest, conflict } from '../../platform/errors.js';
import type { Hub } from '../../platform/hub.js';
import type { PopulationRegistry } from '../../platform/registry.js';
import { syntheticPerson } from '../registry/index.js';
import { BankIdApiError, type BankIdClient, type RpCollectResponse } from './client.js';
import { type SimOrder, simOrderStore } from './sim-store.js';

/** How long a simulated order stays open (BankID: about 3 minutes). */
export const SIM_ORDER_LIFETIME_MS = 3 * 60_000;

/** Hint codes a tester can refuse an order with. */
export type SimRefuseHint = 'userCancel' | 'expiredTransaction' | 'certificateErr' | 'startFailed';

export interface SimOrderView {
  orderRef: string;
  autoStartToken: string;
  createdAt: string;
  status: 'pending' | 'failed' | 'complete';
  hintCode: string;
  requestedPersonalNumber: string | null;
}

export interface BankIdSimulator extends BankIdClient {
  /** The tester identifies as `personalNumber` (validated; must match a locked order). */
  approve(orderRef: string, personalNumber: string): Promise<void>;
  /** The tester's app fails the order with `hintCode`. */
  refuse(orderRef: string, hintCode: SimRefuseHint): Promise<void>;
  /** Pending orders for the tester page, or the one order behind an autoStartToken. */
  orders(filter: { autoStartToken?: string }): Promise<SimOrderView[]>;
  /**
   * collect with the user's name from the population registry (the wire protocol's
   * answer to another relying party). The in-process `collect` names the user
   * synthetically: the relying party sharing this registry reads the person from it
   * right after and uses BankID's name only for someone the registry does not know —
   * whom the registry read here would not find either — so that read would only
   * double the login's.
   */
  collectNamed(orderRef: string): Promise<RpCollectResponse>;
}

export interface SimulatorDeps {
  /** Where the orders live (Redis: shared by the instances; memory: this process). */
  hub: Hub;
  clock: Clock;
  registry: PopulationRegistry;
  mode: 'development' | 'test' | 'production';
}

const orderNotFound = () => new AppError(404, 'order_not_found', 'Ordern finns inte.');

/** Creates the simulator. Throws in production mode: it would let anyone log in as anyone. */
export function createBankIdSimulator(deps: SimulatorDeps): BankIdSimulator {
  if (deps.mode === 'production') {
    throw new Error('The BankID simulator cannot run in production mode.');
  }
  const { clock } = deps;
  const store = simOrderStore(deps.hub);
  const openSince = () => new Date(clock.now().getTime() - SIM_ORDER_LIFETIME_MS);

  /** The order as collect sees it now: a pending order past its lifetime has expired. */
  async function current(orderRef: string): Promise<SimOrder | null> {
    const order = await store.find(orderRef);
    if (order?.status === 'pending' && order.createdAt <= openSince()) {
      await store.settle(orderRef, { status: 'failed', hintCode: 'expiredTransaction' }, new Date(0));
      return { ...order, status: 'failed', hintCode: 'expiredTransaction' };
    }
    return order;
  }

  async function completionData(order: SimOrder, named: boolean): Promise<RpCollectResponse['completionData']> {
    const pnr = order.personalNumber ?? '';
    const person = (named ? await deps.registry.lookup(pnr) : null) ?? syntheticPerson(pnr);
    const signed = `<simulated-signature orderRef="${order.orderRef}"/>`;
    return {
      user: {
        personalNumber: pnr,
        name: `${person.givenName} ${person.familyName}`,
        givenName: person.givenName,
        surname: person.familyName,
      },
      device: { ipAddress: order.endUserIp },
      bankIdIssueDate: stockholmDate(new Date(order.createdAt.getTime() - 365 * 86_400_000)),
      signature: Buffer.from(signed).toString('base64'),
      ocspResponse: Buffer.from('simulated-ocsp-response').toString('base64'),
    };
  }

  async function collect(orderRef: string, named: boolean): Promise<RpCollectResponse> {
    const order = await current(orderRef);
    if (!order) throw new BankIdApiError('notFound', 'No such order');
    if (order.status === 'complete') {
      return { orderRef, status: 'complete', completionData: await completionData(order, named) };
    }
    return { orderRef, status: order.status, hintCode: order.hintCode };
  }

  return {
    async auth(request) {
      const now = clock.now();
      const requestedPnr = request.personalNumber ?? null;
      if (requestedPnr !== null && !/^\d{12}$/.test(requestedPnr)) {
        throw new BankIdApiError('invalidParameters', 'Incorrect personalNumber');
      }
      if (!request.endUserIp) throw new BankIdApiError('invalidParameters', 'Invalid endUserIp');
      const order = {
        orderRef: randomUUID(),
        autoStartToken: randomUUID(),
        qrStartToken: randomUUID(),
        qrStartSecret: randomUUID(),
        endUserIp: request.endUserIp,
        requestedPnr,
        createdAt: now,
      };
      if (!(await store.start(order, openSince())))
        throw new BankIdApiError('alreadyInProgress', 'Order already in progress for pno');
      const { orderRef, autoStartToken, qrStartToken, qrStartSecret } = order;
      return { orderRef, autoStartToken, qrStartToken, qrStartSecret };
    },

    collect: (orderRef) => collect(orderRef, false),
    collectNamed: (orderRef) => collect(orderRef, true),

    async cancel(orderRef) {
      const order = await store.find(orderRef);
      if (!order) throw new BankIdApiError('notFound', 'No such order');
      await store.settle(orderRef, { status: 'failed', hintCode: 'cancelled' }, new Date(0));
    },

    async approve(orderRef, personalNumber) {
      const parsed = parsePersonnummer(personalNumber, clock.now());
      if (!parsed.ok) throw badRequest('invalid_input', parsed.message, { personalNumber: parsed.message });
      const pnr = parsed.value.normalized;
      // The common case in one statement; only a refusal reads the order to say why.
      const outcome = { status: 'complete' as const, hintCode: '', personalNumber: pnr };
      if (await store.settle(orderRef, outcome, openSince(), pnr)) return;
      const order = await current(orderRef);
      if (!order) throw orderNotFound();
      if (order.requestedPnr && order.requestedPnr !== pnr) {
        const message = 'Inloggningen gäller ett annat personnummer.';
        throw badRequest('invalid_input', message, { personalNumber: message });
      }
      throw conflict('order_not_pending', 'Ordern väntar inte längre på legitimering.');
    },

    async refuse(orderRef, hintCode) {
      const order = await current(orderRef);
      if (!order) throw orderNotFound();
      const settled = await store.settle(orderRef, { status: 'failed', hintCode }, openSince());
      if (!settled) throw conflict('order_not_pending', 'Ordern väntar inte längre på legitimering.');
    },

    async orders(filter) {
      const rows = await store.list({ autoStartToken: filter.autoStartToken, notBefore: openSince() });
      const cutoff = openSince();
      return rows.map((o) => {
        const expired = o.status === 'pending' && o.createdAt <= cutoff;
        return {
          orderRef: o.orderRef,
          autoStartToken: o.autoStartToken,
          createdAt: o.createdAt.toISOString(),
          status: expired ? 'failed' : o.status,
          hintCode: expired ? 'expiredTransaction' : o.hintCode,
          requestedPersonalNumber: o.requestedPnr,
        };
      });
    },
  };
}
