/**
 * Acting for someone else: the one gate every citizen capability (booking,
 * messages, video, invitations, records) calls with the subject the request
 * names explicitly (`subjectId`; absent = oneself — never a cached default).
 *
 * - Guardian: the population registry says the actor is the child's guardian,
 *   and the domain rule allows it at the clock's now (under the configured
 *   age limit, 00:00 Stockholm on the birthday; neither party protected).
 * - Ombud: an accepted grant from the subject to the actor, not past its end,
 *   covering the scope. `resolveSubject` reads the grant `for share` inside
 *   the caller's transaction and ending a grant takes it `for update`, so a
 *   request either commits before a revocation or sees it — never acts after.
 *
 * Two phases, because the registry may be remote and, on PGlite, a database
 * read outside an open transaction waits for it to end: `registryFacts` reads
 * the registry before the transaction, `resolveSubject` decides inside it.
 * `withSubject(actor, subjectId, scope, fn)` does both and is what services use.
 *
 * A refusal throws `ActingForRefused` (403 with the reason as code), which
 * rolls the caller's transaction back — nothing is written — and
 * `withSubject` then records the attempt in `access_refusals` in a
 * transaction of its own (the care-access refusal log, migration 060/070).
 */
import type { ActingScope } from '@ingang/domain';
import {
  ACTING_SCOPES,
  birthdayInstant,
  guardianMayActFor,
  isAdult,
  ombudMayAct,
  parsePersonnummer,
} from '@ingang/domain';
import type { OnBehalfRelation } from './audit.js';
import type { CitizenActor } from './auth.js';
import type { AppContext } from './context.js';
import { uuid } from './db/helpers.js';
import type { Tx } from './db/index.js';
import { AppError } from './errors.js';
import type { RegistryPerson } from './registry.js';

export type { ActingScope };
export type SubjectRelation = 'self' | 'guardian' | 'ombud';
export type ActingForReason =
  | 'not_guardian'
  | 'child_too_old'
  | 'protected_identity'
  | 'no_grant'
  | 'grant_expired'
  | 'scope_not_granted';

/** Whom a request acts for, and on what footing. */
export interface Subject {
  subjectPersonId: string;
  relation: SubjectRelation;
  /** Every scope for oneself and a child; the granted ones for an ombud. */
  scopes: ActingScope[];
  /** When the right ends (13th birthday, grant end); null for oneself. */
  validUntil: Date | null;
  /** The ombud grant relied on (locked for share in the transaction). */
  grantId: string | null;
  /** Pass to `recordAudit` so the entry carries both identities. */
  onBehalf: { relation: OnBehalfRelation } | null;
}

/** What the registry says about the actor, read before the transaction. */
export interface RegistryFacts {
  actorProtected: boolean;
  /** The actor's children (as registered guardian) by personnummer. */
  children: Map<string, RegistryPerson>;
}

const MESSAGES: Record<ActingForReason, string> = {
  not_guardian: 'Du kan inte göra detta för den här personen.',
  child_too_old: 'Barnet har fyllt 13 år. Som vårdnadshavare kan du inte längre använda e-tjänsterna för barnet.',
  protected_identity: 'Det går inte att företräda den här personen i e-tjänsten.',
  no_grant: 'Du har ingen fullmakt att företräda den här personen.',
  grant_expired: 'Fullmakten har gått ut.',
  scope_not_granted: 'Fullmakten gäller inte för detta.',
};

/** Thrown when the actor may not act for the subject; the reason is the error code. */
export class ActingForRefused extends AppError {
  /** Set once the attempt is in access_refusals. */
  recorded = false;
  constructor(
    readonly reason: ActingForReason,
    readonly attempt: { actorPersonId: string; subjectPersonId: string; scope: ActingScope | 'any'; at: Date },
  ) {
    super(403, reason, MESSAGES[reason]);
  }
}

type Deps = Pick<AppContext, 'db' | 'registry' | 'clock'> & { config: { guardianAgeLimit?: number } };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The acting-for gate over the app's registry, clock and database. */
export function createActingFor(deps: Deps) {
  const { db, clock } = deps;
  const limitYears = deps.config.guardianAgeLimit ?? 13;

  /** Phase 1: the actor's registry record and children. Call outside any transaction. */
  async function registryFacts(actor: CitizenActor): Promise<RegistryFacts> {
    const person = await db
      .selectFrom('persons')
      .select(['personal_number', 'protected_identity'])
      .where('id', '=', actor.personId)
      .executeTakeFirst();
    const children = new Map<string, RegistryPerson>();
    if (!person) return { actorProtected: false, children };
    const [self, childPnrs] = await Promise.all([
      deps.registry.lookup(person.personal_number),
      deps.registry.childrenOf(person.personal_number),
    ]);
    for (const pnr of childPnrs) {
      const child = await deps.registry.lookup(pnr);
      if (child && !child.deceased) children.set(pnr, child);
    }
    return { actorProtected: person.protected_identity || (self?.protectedIdentity ?? false), children };
  }

  /**
   * Phase 2, first thing in the caller's transaction: whom the request acts
   * for. `subjectPersonId` undefined or the actor's own id → self. Throws
   * `ActingForRefused` (403) otherwise when no relation allows `scope`
   * ('any': some relation exists, for the switcher's read-only page).
   */
  async function resolveSubject(
    trx: Tx,
    actor: CitizenActor,
    subjectPersonId: string | undefined,
    scope: ActingScope | 'any',
    facts: RegistryFacts,
  ): Promise<Subject> {
    if (subjectPersonId === undefined || subjectPersonId === actor.personId) {
      return self(actor.personId);
    }
    const at = clock.now();
    const refuse = (reason: ActingForReason) =>
      new ActingForRefused(reason, { actorPersonId: actor.personId, subjectPersonId, scope, at });
    const subject = UUID.test(subjectPersonId)
      ? await trx
          .selectFrom('persons')
          .select(['id', 'personal_number', 'protected_identity'])
          .where('id', '=', subjectPersonId)
          .executeTakeFirst()
      : undefined;
    if (!subject) throw refuse('no_grant');
    const birthDate = birthDateOf(subject.personal_number, at);

    const child = facts.children.get(subject.personal_number);
    if (child && birthDate) {
      const decision = guardianMayActFor({
        childBirthDate: birthDate,
        at,
        limitYears,
        guardianProtected: facts.actorProtected,
        childProtected: child.protectedIdentity || subject.protected_identity,
      });
      if (!decision.ok) throw refuse(decision.reason);
      return {
        subjectPersonId: subject.id,
        relation: 'guardian',
        scopes: [...ACTING_SCOPES],
        validUntil: birthdayInstant(birthDate, limitYears),
        grantId: null,
        onBehalf: { relation: 'guardian' },
      };
    }

    // The lock that orders this request against a concurrent revocation (which takes `for update`).
    const grant = await trx
      .selectFrom('proxy_grants')
      .select(['id', 'status', 'scopes', 'expires_at'])
      .where('grantor_person_id', '=', subject.id)
      .where('ombud_person_id', '=', actor.personId)
      .where('status', 'in', ['pending', 'active'])
      .forShare()
      .executeTakeFirst();
    if (!grant) {
      const minor = birthDate !== null && !isAdult(birthDate, at);
      throw refuse(minor ? 'not_guardian' : 'no_grant');
    }
    const actorRow = await trx
      .selectFrom('persons')
      .select('protected_identity')
      .where('id', '=', actor.personId)
      .executeTakeFirst();
    const decision = ombudMayAct({
      grant: { status: grant.status, expiresAt: grant.expires_at, scopes: grant.scopes },
      scope: scope === 'any' ? 'booking' : scope,
      at,
      grantorProtected: subject.protected_identity,
      ombudProtected: facts.actorProtected || (actorRow?.protected_identity ?? false),
    });
    // 'any' asks only whether the grant is in force, not whether it covers a particular scope.
    if (!decision.ok && !(scope === 'any' && decision.reason === 'scope_not_granted')) throw refuse(decision.reason);
    return {
      subjectPersonId: subject.id,
      relation: 'ombud',
      scopes: grant.scopes as ActingScope[],
      validUntil: grant.expires_at,
      grantId: grant.id,
      onBehalf: { relation: 'ombud' },
    };
  }

  /** Writes a refused attempt in its own transaction (after the refused one rolled back). */
  async function recordRefusal(refusal: ActingForRefused): Promise<void> {
    if (refusal.recorded) return;
    const { attempt } = refusal;
    await db
      .insertInto('access_refusals')
      .values({
        id: uuid(),
        at: attempt.at,
        staff_id: null,
        unit_id: null,
        actor_person_id: attempt.actorPersonId,
        subject_person_id: UUID.test(attempt.subjectPersonId) ? attempt.subjectPersonId : null,
        subject_personal_number: null,
        action: 'act_for',
        record_type: attempt.scope,
        record_id: null,
        purpose: 'acting_for',
        reason: refusal.reason,
      })
      .execute();
    refusal.recorded = true;
  }

  return {
    registryFacts,
    resolveSubject,
    recordRefusal,

    /**
     * Resolves the subject and runs `fn` in one transaction. A refusal rolls
     * it back (nothing written), is recorded, and is rethrown as the 403.
     */
    async withSubject<T>(
      actor: CitizenActor,
      subjectPersonId: string | undefined,
      scope: ActingScope | 'any',
      fn: (trx: Tx, subject: Subject) => Promise<T>,
    ): Promise<T> {
      const facts =
        subjectPersonId === undefined || subjectPersonId === actor.personId
          ? { actorProtected: false, children: new Map() }
          : await registryFacts(actor);
      try {
        return await db.transaction().execute(async (trx) => {
          const subject = await resolveSubject(trx, actor, subjectPersonId, scope, facts);
          return fn(trx, subject);
        });
      } catch (error) {
        if (error instanceof ActingForRefused) await recordRefusal(error);
        throw error;
      }
    },
  };
}

export type ActingFor = ReturnType<typeof createActingFor>;

function self(personId: string): Subject {
  return {
    subjectPersonId: personId,
    relation: 'self',
    scopes: [...ACTING_SCOPES],
    validUntil: null,
    grantId: null,
    onBehalf: null,
  };
}

function birthDateOf(personalNumber: string, at: Date): string | null {
  const parsed = parsePersonnummer(personalNumber, at);
  return parsed.ok ? parsed.value.birthDate : null;
}
