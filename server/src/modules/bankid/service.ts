/**
 * Citizen login with BankID: start an order, show its animated QR, collect it
 * until it completes into a session, or cancel it. Public (there is no session
 * yet): the access checks here are the rate limits and possession of the
 * orderRef, which only the browser that started the order has.
 */
import { createHash, randomUUID } from 'node:crypto';
import { bankIdErrorMessage, bankIdMessage, bankIdQrData, parsePersonnummer } from '@ingang/domain';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, badRequest } from '../../platform/errors.js';
import type { RateLimiter } from '../../platform/rate-limit.js';
import type { PopulationRegistry, RegistryPerson } from '../../platform/registry.js';
import { hashToken, type NewSession, type SessionService } from '../../platform/sessions.js';
import { BankIdApiError, type BankIdClient, type RpCompletionData } from './client.js';
import { completeOrderIntoSession, findOpenOrder, insertOrder, purgeOrders, type RpOrder } from './store.js';

/** How long we keep an order usable on our side (BankID's own orders last about 3 minutes). */
export const ORDER_TTL_MS = 10 * 60_000;
const PURGE_AFTER_MS = 24 * 60 * 60_000;

export type Flow = 'qr' | 'autostart';
export type Locale = 'sv' | 'en';

export interface BankIdServiceDeps {
  db: Db;
  clock: Clock;
  client: BankIdClient;
  registry: PopulationRegistry;
  sessions: SessionService;
  rateLimiter: RateLimiter;
  log: FastifyBaseLogger;
  citizenIdleSeconds: number;
  rateLimit: { loginPerIpPerMinute: number; loginPerPersonPerMinute: number };
}

export interface CollectResult {
  body: { status: 'pending' | 'failed' | 'complete'; hintCode?: string; messageCode: string; message: string };
  /** Present when the order completed into a new session. */
  login?: NewSession;
}

export const orderNotFound = () =>
  new AppError(404, 'order_not_found', 'Inloggningen finns inte eller har redan avslutats. Börja om.');

const TOO_MANY = 'För många inloggningsförsök. Vänta en minut och försök igen.';

/** Keys rate-limit counters by a digest, so the hub (Redis) never holds a personnummer. */
const pnrKey = (pnr: string) => createHash('sha256').update(`bankid-rl:${pnr}`).digest('base64url').slice(0, 22);

/** When the registry does not know the person, the identity BankID vouched for is used (no address). */
function personFromBankId(user: RpCompletionData['user']): RegistryPerson {
  return {
    personalNumber: user.personalNumber,
    givenName: user.givenName,
    familyName: user.surname,
    protectedIdentity: false,
    address: { street: null, postalCode: null, city: null, municipality: null },
    deceased: false,
  };
}

/** Orders this instance started that it remembers (a bound on memory during a surge). */
const OPEN_ORDERS_MAX = 50_000;

export function createBankIdService(deps: BankIdServiceDeps) {
  const { db, clock, client } = deps;
  const notBefore = () => new Date(clock.now().getTime() - ORDER_TTL_MS);

  /**
   * The orders this instance started, so that the QR refresh (every second) and the
   * collect polls of a login cost no database statement when they reach the instance
   * that started it. Only facts that never change are kept (the QR secret and the start
   * time); whether the order already became a session is decided by the database, in
   * the completing statement (`completeOrderIntoSession`), so a stale entry — the order completed
   * on another instance — yields no second session. A miss (another instance started
   * it) reads the table as before: bankid_orders stays the shared truth.
   */
  const openOrders = new Map<string, RpOrder>();
  function remember(order: RpOrder) {
    if (openOrders.size >= OPEN_ORDERS_MAX) {
      // Oldest first (insertion order): drop the expired ones, or the oldest if none have.
      const cutoff = notBefore().getTime();
      for (const [ref, o] of openOrders) {
        if (openOrders.size < OPEN_ORDERS_MAX && o.startedAt.getTime() > cutoff) break;
        openOrders.delete(ref);
      }
    }
    openOrders.set(order.orderRef, order);
  }
  /** The open order (not older than the TTL): this instance's memory first, else the table. */
  async function openOrder(orderRef: string): Promise<RpOrder | null> {
    const known = openOrders.get(orderRef);
    if (known) {
      if (known.startedAt.getTime() > notBefore().getTime()) return known;
      openOrders.delete(orderRef);
      return null;
    }
    return findOpenOrder(db, orderRef, notBefore());
  }

  /** Turns an RP API error into a JSON error with BankID's user message; never a stack trace. */
  function fromApiError(error: unknown, locale: Locale = 'sv'): never {
    if (!(error instanceof BankIdApiError)) throw error;
    deps.log.warn({ errorCode: error.errorCode, httpStatus: error.httpStatus }, 'BankID RP API error');
    if (error.errorCode === 'notFound') throw orderNotFound();
    const known = error.errorCode === 'unreachable' ? 'internalError' : error.errorCode;
    const { message } = bankIdErrorMessage(known, locale);
    if (error.errorCode === 'alreadyInProgress') throw new AppError(409, 'bankid_already_in_progress', message);
    if (error.errorCode === 'maintenance') throw new AppError(503, 'bankid_unavailable', message);
    throw new AppError(502, 'bankid_error', message);
  }

  return {
    /** Deletes orders older than a day (they are useless after minutes); run periodically, not per login. */
    async purgeExpired() {
      await purgeOrders(db, new Date(clock.now().getTime() - PURGE_AFTER_MS));
    },

    /** Starts an order for the caller's IP, optionally locked to one personnummer. */
    async start(input: { ip: string; personalNumber?: string }) {
      await deps.rateLimiter.hit(`bankid:ip:${input.ip}`, deps.rateLimit.loginPerIpPerMinute, TOO_MANY);
      let pnr: string | undefined;
      if (input.personalNumber !== undefined && input.personalNumber !== '') {
        const parsed = parsePersonnummer(input.personalNumber, clock.now());
        if (!parsed.ok) throw badRequest('invalid_input', parsed.message, { personalNumber: parsed.message });
        pnr = parsed.value.normalized;
        await deps.rateLimiter.hit(`bankid:pnr:${pnrKey(pnr)}`, deps.rateLimit.loginPerPersonPerMinute, TOO_MANY);
      }
      const order = await client.auth({ endUserIp: input.ip, personalNumber: pnr }).catch((e) => fromApiError(e));
      const started = {
        orderRef: order.orderRef,
        qrStartToken: order.qrStartToken,
        qrStartSecret: order.qrStartSecret,
        startedAt: clock.now(),
      };
      await insertOrder(db, { ...started, endUserIp: input.ip });
      remember(started);
      return { orderRef: order.orderRef, autoStartToken: order.autoStartToken };
    },

    /** The animated QR payload for the current second; the secret stays here. */
    async qr(orderRef: string) {
      const order = await openOrder(orderRef);
      if (!order) throw orderNotFound();
      const seconds = (clock.now().getTime() - order.startedAt.getTime()) / 1000;
      return { qrData: bankIdQrData(order.qrStartToken, order.qrStartSecret, seconds) };
    },

    /**
     * Collects the order. On complete: the person is created or refreshed from
     * the registry and a new citizen session is created in the same statement
     * that closes the order (so an order yields at most one session), and the
     * session the browser came with, if any, is revoked.
     */
    async collect(input: {
      orderRef: string;
      flow?: Flow;
      locale?: Locale;
      previousSessionToken?: string;
    }): Promise<CollectResult> {
      const order = await openOrder(input.orderRef);
      if (!order) throw orderNotFound();
      const result = await client.collect(order.orderRef).catch((e) => fromApiError(e, input.locale));
      const text = bankIdMessage({
        status: result.status,
        hintCode: result.hintCode,
        flow: input.flow,
        locale: input.locale,
      });
      const body = {
        status: result.status,
        ...(result.hintCode ? { hintCode: result.hintCode } : {}),
        messageCode: text.code,
        message: text.message,
      };
      if (result.status !== 'complete') return { body };

      const user = result.completionData?.user;
      if (!user || !/^\d{12}$/.test(user.personalNumber)) {
        deps.log.warn({ orderRef: order.orderRef }, 'BankID completion without a usable personalNumber');
        throw new AppError(502, 'bankid_error', bankIdErrorMessage('internalError', input.locale).message);
      }
      const identity = (await deps.registry.lookup(user.personalNumber)) ?? personFromBankId(user);
      // Whatever happens next, this order is done here: a repeat reads the table.
      openOrders.delete(order.orderRef);
      const minted = deps.sessions.mint({ kind: 'citizen', idleSeconds: deps.citizenIdleSeconds });
      const previousIdHash = input.previousSessionToken ? hashToken(input.previousSessionToken) : null;
      const personId = await completeOrderIntoSession(db, {
        orderRef: order.orderRef,
        now: clock.now(),
        newPersonId: randomUUID(),
        person: identity,
        session: minted.session,
        previousIdHash,
      });
      if (!personId) throw orderNotFound();
      const login = { ...minted, session: { ...minted.session, personId } };
      // The replaced session may be cached by the instances (platform/sessions.ts).
      if (previousIdHash) await deps.sessions.forget(previousIdHash);
      // Committed: cached, so the browser's next request (the search) need not read it back.
      deps.sessions.adopt(login.session);
      return { body, login };
    },

    /** Cancels the order at BankID (the person chose "Avbryt"). */
    async cancel(orderRef: string) {
      const order = await openOrder(orderRef);
      if (!order) throw orderNotFound();
      await client.cancel(order.orderRef).catch((e) => fromApiError(e));
      return { status: 'cancelled' as const };
    },
  };
}

export type BankIdService = ReturnType<typeof createBankIdService>;
