/**
 * Who is logged in (`/api/me`) and the session's end of life: log out, log out
 * everywhere, keep alive. The actor always comes from the session — nothing
 * here takes a person or staff id from the client.
 */
import type { CitizenMe, StaffMe } from '@ingang/contracts';
import { eligibleChildren, resolveActingFor } from '../../platform/acting-for-list.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor, CitizenActor, StaffActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { unauthorized } from '../../platform/errors.js';
import { findPersonById } from '../../platform/persons.js';
import { findStaffProfile, unitLabels } from './store.js';

type Deps = Pick<AppContext, 'db' | 'clock' | 'registry' | 'sessions' | 'config'>;

export function createIdentityService(deps: Deps) {
  const { db, clock } = deps;

  const sessionInfo = (actor: Actor) => ({
    idleSeconds: actor.session.idleSeconds,
    expiresAt: actor.session.expiresAt.toISOString(),
  });

  async function citizenMe(actor: CitizenActor): Promise<CitizenMe> {
    const person = await findPersonById(db, actor.personId);
    if (!person) throw unauthorized();
    // Registry reads happen before the transaction: on PGlite a transaction holds the only connection.
    const children = await eligibleChildren(deps, person);
    const actingFor = await db.transaction().execute(async (trx) => {
      const now = clock.now();
      const entries = await resolveActingFor(trx, person.id, children, now);
      await recordAudit(trx, {
        actor,
        subjectPersonId: person.id,
        action: 'read',
        recordType: 'identity',
        purpose: 'self_service',
        at: now,
      });
      return entries;
    });
    return {
      kind: 'citizen',
      personId: person.id,
      personalNumber: person.personalNumber,
      name: `${person.givenName} ${person.familyName}`,
      givenName: person.givenName,
      familyName: person.familyName,
      protectedIdentity: person.protectedIdentity,
      roles: ['citizen'],
      actingFor,
      session: sessionInfo(actor),
    };
  }

  async function staffMe(actor: StaffActor): Promise<StaffMe> {
    const staff = await findStaffProfile(db, actor.staffId);
    if (!staff) throw unauthorized();
    const labels = await unitLabels(
      db,
      actor.units.map((u) => u.unitId),
    );
    const roles = ['staff'];
    if (actor.regionAdmin) roles.push('region_admin');
    if (actor.supportRole) roles.push(`support_${actor.supportRole}`);
    return {
      kind: 'staff',
      staffId: staff.id,
      hsaId: staff.hsaId,
      name: `${staff.givenName} ${staff.familyName}`,
      givenName: staff.givenName,
      familyName: staff.familyName,
      email: staff.email,
      title: staff.title,
      roles,
      units: actor.units.map((u) => ({
        unitId: u.unitId,
        name: labels.get(u.unitId)?.name ?? '',
        kind: labels.get(u.unitId)?.kind ?? 'other',
        roles: [...u.roles].sort(),
      })),
      activeUnitId: actor.activeUnitId,
      actingFor: [],
      session: sessionInfo(actor),
      abilities: { administerRegion: actor.regionAdmin, support: actor.supportRole !== null },
    };
  }

  return {
    /** The logged-in citizen or staff member; a citizen's read is audited. */
    me(actor: Actor): Promise<CitizenMe | StaffMe> {
      return actor.kind === 'citizen' ? citizenMe(actor) : staffMe(actor);
    },

    /** Ends this session. */
    async logout(actor: Actor): Promise<void> {
      await deps.sessions.revoke(actor.session.idHash);
    },

    /** Ends every session of the actor (this one included); returns how many were live. */
    async logoutEverywhere(actor: Actor): Promise<number> {
      return deps.sessions.revokeAll(
        actor.kind === 'citizen' ? { personId: actor.personId } : { staffId: actor.staffId },
      );
    },

    /** Restarts the idle timer now; returns when the session idles out if nothing more happens. */
    async keepAlive(actor: Actor): Promise<{ idleExpiresAt: string }> {
      const now = clock.now();
      await deps.sessions.touch(actor.session.idHash, now);
      const idleEnd = Math.min(now.getTime() + actor.session.idleSeconds * 1000, actor.session.expiresAt.getTime());
      return { idleExpiresAt: new Date(idleEnd).toISOString() };
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
