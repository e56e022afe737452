/**
 * The embedded BankID simulator ("the BankID side" for development and tests).
 * It implements BankIdClient with the v6 semantics, keeping its state in the
 * `bankid_sim_orders` table so that several server instances share it.
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
import { isUniqueViolation } from '../../platform/db/helpers.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, badRequest, conflict } from '../../platform/errors.js';
import type { PopulationRegistry } from '../../platform/registry.js';
import { syntheticPerson } from '../registry/index.js';
import { BankIdApiError, type BankIdClient, type RpCollectResponse } from './client.js';
import {
  cancelPendingFor,
  findSimOrder,
  listSimOrders,
  purgeSimOrders,
  type SimOrder,
  settleSimOrder,
  startSimOrder,
} from './sim-store.js';

/** How long a simulated order stays open (BankID: about 3 minutes). */
export const SIM_ORDER_LIFETIME_MS = 3 * 60_000;
const HISTORY_MS = 24 * 60 * 60_000;

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
  /** Forgets orders older than the simulator's day of history (run by the module's schedule). */
  purge(): Promise<void>;
}

export interface SimulatorDeps {
  db: Db;
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
  const { db, clock } = deps;
  const openSince = () => new Date(clock.now().getTime() - SIM_ORDER_LIFETIME_MS);

  /** The order as collect sees it now: a pending order past its lifetime has expired. */
  async function current(orderRef: string): Promise<SimOrder | null> {
    const order = await findSimOrder(db, orderRef);
    if (order?.status === 'pending' && order.createdAt <= openSince()) {
      await settleSimOrder(
        db,
        orderRef,
        { status: 'failed', hintCode: 'expiredTransaction' },
        new Date(0),
        clock.now(),
      );
      return { ...order, status: 'failed', hintCode: 'expiredTransaction' };
    }
    return order;
  }

  async function completionData(order: SimOrder): Promise<RpCollectResponse['completionData']> {
    const pnr = order.personalNumber ?? '';
    const person = (await deps.registry.lookup(pnr)) ?? syntheticPerson(pnr);
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

  return {
    async auth(request) {
      const now = clock.now();
      const requestedPnr = request.personalNumber ?? null;
      if (requestedPnr !== null && !/^\d{12}$/.test(requestedPnr)) {
        throw new BankIdApiError('invalidParameters', 'Incorrect personalNumber');
      }
      if (!request.endUserIp) throw new BankIdApiError('invalidParameters', 'Invalid endUserIp');
      // Old orders are purged by the module's schedule (`purge`), not on every start.
      const order = {
        orderRef: randomUUID(),
        autoStartToken: randomUUID(),
        qrStartToken: randomUUID(),
        qrStartSecret: randomUUID(),
        endUserIp: request.endUserIp,
        requestedPnr,
        createdAt: now,
      };
      let started: boolean;
      try {
        started = await startSimOrder(db, order, openSince());
      } catch (error) {
        // Another instance started an order for the same person at the same moment.
        if (!isUniqueViolation(error) || !requestedPnr) throw error;
        await cancelPendingFor(db, requestedPnr, now);
        started = false;
      }
      if (!started) throw new BankIdApiError('alreadyInProgress', 'Order already in progress for pno');
      const { orderRef, autoStartToken, qrStartToken, qrStartSecret } = order;
      return { orderRef, autoStartToken, qrStartToken, qrStartSecret };
    },

    async collect(orderRef) {
      const order = await current(orderRef);
      if (!order) throw new BankIdApiError('notFound', 'No such order');
      if (order.status === 'complete') {
        return { orderRef, status: 'complete', completionData: await completionData(order) };
      }
      return { orderRef, status: order.status, hintCode: order.hintCode };
    },

    async cancel(orderRef) {
      const order = await findSimOrder(db, orderRef);
      if (!order) throw new BankIdApiError('notFound', 'No such order');
      await settleSimOrder(db, orderRef, { status: 'failed', hintCode: 'cancelled' }, new Date(0), clock.now());
    },

    async approve(orderRef, personalNumber) {
      const parsed = parsePersonnummer(personalNumber, clock.now());
      if (!parsed.ok) throw badRequest('invalid_input', parsed.message, { personalNumber: parsed.message });
      const pnr = parsed.value.normalized;
      // The common case in one statement; only a refusal reads the order to say why.
      const outcome = { status: 'complete' as const, hintCode: '', personalNumber: pnr };
      if (await settleSimOrder(db, orderRef, outcome, openSince(), clock.now(), pnr)) return;
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
      const settled = await settleSimOrder(db, orderRef, { status: 'failed', hintCode }, openSince(), clock.now());
      if (!settled) throw conflict('order_not_pending', 'Ordern väntar inte längre på legitimering.');
    },

    async purge() {
      await purgeSimOrders(db, new Date(clock.now().getTime() - HISTORY_MS));
    },

    async orders(filter) {
      const rows = await listSimOrders(db, { autoStartToken: filter.autoStartToken, notBefore: openSince() });
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
