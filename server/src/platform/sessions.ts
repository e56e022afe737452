/**
 * Server-side sessions. The cookie carries 32 random bytes; the database keeps
 * only their SHA-256, so sessions are revocable (log out, log out everywhere)
 * and a database dump cannot be replayed. Idle and absolute expiry are checked
 * on every request; `last_seen_at` is written at most once a minute to keep a
 * surge of page loads from turning into a surge of writes.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Clock } from './clock.js';
import type { Db, Queryable } from './db/index.js';

export type SessionKind = 'citizen' | 'staff';

export interface Session {
  idHash: string;
  kind: SessionKind;
  personId: string | null;
  staffId: string | null;
  activeUnitId: string | null;
  csrfToken: string;
  idleSeconds: number;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface NewSession {
  token: string;
  csrfToken: string;
  session: Session;
}

const TOUCH_INTERVAL_MS = 60_000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
export const newToken = () => randomBytes(32).toString('base64url');

/** Constant-time comparison of two tokens. */
export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface SessionService {
  create(
    db: Queryable,
    input: { kind: SessionKind; personId?: string; staffId?: string; idleSeconds: number },
  ): Promise<NewSession>;
  /**
   * The live session for a cookie value, or null when unknown, revoked, idle too long or expired.
   * `touch: false` checks without counting as activity (a socket's periodic re-check must not keep
   * an idle session alive).
   */
  resolve(token: string | undefined, options?: { touch?: boolean }): Promise<Session | null>;
  revoke(idHash: string): Promise<void>;
  /** Ends every session of this citizen or staff member ("log out everywhere"). */
  revokeAll(subject: { personId?: string; staffId?: string }): Promise<number>;
  setActiveUnit(idHash: string, unitId: string): Promise<void>;
}

export function createSessionService(deps: { db: Db; clock: Clock; maxAgeSeconds: number }): SessionService {
  const { db, clock } = deps;
  return {
    async create(q, input) {
      const token = newToken();
      const csrfToken = newToken();
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + deps.maxAgeSeconds * 1000);
      const idHash = hashToken(token);
      await q
        .insertInto('sessions')
        .values({
          id_hash: idHash,
          kind: input.kind,
          person_id: input.personId ?? null,
          staff_id: input.staffId ?? null,
          csrf_token: csrfToken,
          idle_seconds: input.idleSeconds,
          created_at: now,
          last_seen_at: now,
          expires_at: expiresAt,
        })
        .execute();
      return {
        token,
        csrfToken,
        session: {
          idHash,
          kind: input.kind,
          personId: input.personId ?? null,
          staffId: input.staffId ?? null,
          activeUnitId: null,
          csrfToken,
          idleSeconds: input.idleSeconds,
          lastSeenAt: now,
          expiresAt,
        },
      };
    },

    async resolve(token, options) {
      if (!token || token.length > 100) return null;
      const idHash = hashToken(token);
      const row = await db
        .selectFrom('sessions')
        .selectAll()
        .where('id_hash', '=', idHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!row) return null;
      const now = clock.now();
      const idleDeadline = row.last_seen_at.getTime() + row.idle_seconds * 1000;
      if (now >= row.expires_at || now.getTime() >= idleDeadline) return null;
      if (options?.touch !== false && now.getTime() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
        await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
      }
      return {
        idHash,
        kind: row.kind,
        personId: row.person_id,
        staffId: row.staff_id,
        activeUnitId: row.active_unit_id,
        csrfToken: row.csrf_token,
        idleSeconds: row.idle_seconds,
        lastSeenAt: now,
        expiresAt: row.expires_at,
      };
    },

    async revoke(idHash) {
      await db.updateTable('sessions').set({ revoked_at: clock.now() }).where('id_hash', '=', idHash).execute();
    },

    async revokeAll(subject) {
      let query = db.updateTable('sessions').set({ revoked_at: clock.now() }).where('revoked_at', 'is', null);
      if (subject.personId) query = query.where('person_id', '=', subject.personId);
      else if (subject.staffId) query = query.where('staff_id', '=', subject.staffId);
      else return 0;
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async setActiveUnit(idHash, unitId) {
      await db.updateTable('sessions').set({ active_unit_id: unitId }).where('id_hash', '=', idHash).execute();
    },
  };
}

export const uuid = () => randomUUID();
