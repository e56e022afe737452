/**
 * Ombud grants for citizens: list mine, give one, accept one given to me, end
 * one (either party). The actor is always the session's citizen; every change
 * is audited with the actor and the other party as subject, in the
 * transaction of the change. Ending takes the grant `for update`, which waits
 * for any request the ombud has in flight under it (see platform/acting-for.ts).
 */
import type { ProxyGrant, ProxyScope } from '@ingang/contracts';
import { grantTransition } from '@ingang/domain';
import { recordAudit } from '../../platform/audit.js';
import type { CitizenActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { isUniqueViolation, uuid } from '../../platform/db/helpers.js';
import type { Tx } from '../../platform/db/index.js';
import { AppError, conflict, forbidden, notFound, unauthorized } from '../../platform/errors.js';
import { findPersonById, upsertPersonFromRegistry } from '../../platform/persons.js';
import { lookupParty, requireValidGrant, toProxyGrant } from './grants.js';
import * as store from './store.js';

type Deps = Pick<AppContext, 'db' | 'clock' | 'registry' | 'rateLimiter'>;

/** Grants one person may give per hour: each names a person by personnummer, so it is also a lookup. */
export const GRANTS_PER_HOUR = 10;

const TRANSITION_ERRORS = {
  only_ombud_accepts: () => forbidden('only_ombud_accepts', 'Bara ombudet kan godkänna fullmakten.'),
  not_pending: () => conflict('not_pending', 'Fullmakten är redan godkänd.'),
  already_ended: () => conflict('already_ended', 'Fullmakten har redan avslutats.'),
  grant_expired: () => conflict('grant_expired', 'Fullmakten har gått ut.'),
};

/** A duplicate open grant for the same two people. */
export const grantExists = () =>
  conflict('grant_exists', 'Det finns redan en fullmakt för den här personen. Avsluta den först om du vill ändra den.');

/** Inserts a grant after closing the pair's expired ones; 409 when one is still open. */
export async function insertUniqueGrant(trx: Tx, grant: store.NewGrantRow): Promise<void> {
  if (await store.openGrantOfPair(trx, grant.grantorPersonId, grant.ombudPersonId, grant.now)) throw grantExists();
  try {
    await store.insertGrant(trx, grant);
  } catch (error) {
    // Two simultaneous requests: the partial unique index lets only one through.
    if (isUniqueViolation(error)) throw grantExists();
    throw error;
  }
}

export function createProxyService(deps: Deps) {
  const { db, clock } = deps;

  /** Locks the grant and says which party the actor is; 404 for a grant that is not theirs. */
  async function lockAsParty(trx: Tx, actor: CitizenActor, id: string) {
    const grant = await store.lockGrant(trx, id);
    if (!grant) throw notFound('grant');
    if (grant.ombudPersonId === actor.personId) return { grant, by: 'ombud' as const, other: grant.grantorPersonId };
    if (grant.grantorPersonId === actor.personId) return { grant, by: 'grantor' as const, other: grant.ombudPersonId };
    throw notFound('grant');
  }

  async function view(trx: Tx, id: string, viewerId: string, now: Date): Promise<ProxyGrant> {
    const g = await store.findGrantView(trx, id);
    if (!g) throw notFound('grant');
    return toProxyGrant(g, viewerId, now);
  }

  return {
    /** The grants I gave and the grants given to me. */
    async list(actor: CitizenActor): Promise<{ given: ProxyGrant[]; received: ProxyGrant[] }> {
      return db.transaction().execute(async (trx) => {
        const now = clock.now();
        const grants = await store.listGrantsOf(trx, actor.personId);
        await recordAudit(trx, {
          actor,
          subjectPersonId: actor.personId,
          action: 'read',
          recordType: 'proxy_grants',
          purpose: 'self_service',
          at: now,
        });
        return {
          given: grants
            .filter((g) => g.grantorPersonId === actor.personId)
            .map((g) => toProxyGrant(g, actor.personId, now)),
          received: grants
            .filter((g) => g.ombudPersonId === actor.personId)
            .map((g) => toProxyGrant(g, actor.personId, now)),
        };
      });
    },

    /** Gives an adult a pending grant; the ombud must accept it. */
    async create(
      actor: CitizenActor,
      input: { ombudPersonalNumber: string; scopes: ProxyScope[]; validUntil: string },
    ): Promise<ProxyGrant> {
      const me = await findPersonById(db, actor.personId);
      if (!me) throw unauthorized();
      await deps.rateLimiter.hit(
        `proxy-create:${actor.personId}`,
        GRANTS_PER_HOUR,
        'Du har gett många fullmakter på kort tid. Försök igen om en timme.',
        3600,
      );
      const now = clock.now();
      // Registry reads happen before the transaction (PGlite: a transaction holds the only connection).
      const grantor = await lookupParty(deps, me.personalNumber, 'grantor', now, 'grantor_unavailable');
      const ombud = await lookupParty(
        deps,
        input.ombudPersonalNumber,
        'body.ombudPersonalNumber',
        now,
        'ombud_unavailable',
      );
      const valid = requireValidGrant(
        grantor,
        ombud,
        input,
        now,
        { grantor: me.protectedIdentity, ombud: false },
        'grantor',
      );
      return db.transaction().execute(async (trx) => {
        const ombudRow = await upsertPersonFromRegistry(trx, ombud.registry, now);
        if (ombudRow.protectedIdentity) {
          throw new AppError(400, 'ombud_unavailable', 'Personen kan inte bli ombud via e-tjänsten.', {
            'body.ombudPersonalNumber': 'ombud_unavailable',
          });
        }
        const id = uuid();
        await insertUniqueGrant(trx, {
          id,
          grantorPersonId: me.id,
          ombudPersonId: ombudRow.id,
          scopes: valid.scopes,
          expiresAt: valid.expiresAt,
          now,
        });
        await recordAudit(trx, {
          actor,
          subjectPersonId: ombudRow.id,
          action: 'create',
          recordType: 'proxy_grant',
          recordId: id,
          purpose: 'proxy_administration',
          at: now,
        });
        return view(trx, id, actor.personId, now);
      });
    },

    /** The ombud accepts a pending grant; from then on it is in force until its end date. */
    async accept(actor: CitizenActor, id: string): Promise<ProxyGrant> {
      return db.transaction().execute(async (trx) => {
        const now = clock.now();
        const { grant, by, other } = await lockAsParty(trx, actor, id);
        const step = grantTransition(grant, 'accept', by, now);
        if (!step.ok) throw TRANSITION_ERRORS[step.error]();
        await store.acceptGrant(trx, id, now);
        await recordAudit(trx, {
          actor,
          subjectPersonId: other,
          action: 'accept',
          recordType: 'proxy_grant',
          recordId: id,
          purpose: 'proxy_administration',
          at: now,
        });
        return view(trx, id, actor.personId, now);
      });
    },

    /** Either party ends the grant now. Waits for requests in flight under it (row lock). */
    async end(actor: CitizenActor, id: string): Promise<ProxyGrant> {
      return db.transaction().execute(async (trx) => {
        const { grant, by, other } = await lockAsParty(trx, actor, id);
        // Read the clock after the lock: the end is when the revocation took effect.
        const now = clock.now();
        const step = grantTransition(grant, 'end', by, now);
        if (!step.ok) throw TRANSITION_ERRORS[step.error]();
        await store.endGrant(trx, id, by, now);
        await recordAudit(trx, {
          actor,
          subjectPersonId: other,
          action: 'end',
          recordType: 'proxy_grant',
          recordId: id,
          purpose: 'proxy_administration',
          at: now,
        });
        return view(trx, id, actor.personId, now);
      });
    },
  };
}

export type ProxyService = ReturnType<typeof createProxyService>;
