/**
 * Server-side sessions. The cookie carries 32 random bytes; the database keeps
 * only their SHA-256, so sessions are revocable (log out, log out everywhere)
 * and a database dump cannot be replayed. Idle and absolute expiry are checked
 * on every request; `last_seen_at` is written at most once a minute to keep a
 * surge of page loads from turning into a surge of writes.
 *
 * Citizen sessions read from the database are reused in process for
 * `cacheMs` (2 s by default): in a release rush a citizen's retries and a page's
 * parallel requests would otherwise each read the same row — one of the two
 * statements of every refused booking. Expiry is still checked on every request
 * against the clock. Revoking evicts at once on this instance and, through the
 * hub (Redis with several instances), on the others; if a hub message were lost
 * a revoked session would be honoured at most `cacheMs` longer. Staff sessions
 * are never cached (their roles and active unit are read on every request).
 *
 * Touches that fall due together are written in one statement (coalesce.ts):
 * the first request of each citizen after a quiet minute touches, and each
 * touch as its own commit was one WAL flush per booking in the booking bench
 * (issue 15) — more than the group-committed booking itself. The request still
 * waits until its touch is committed.
 *
 * Reads that miss the cache in the same turn of the event loop go out as one statement
 * (`readSessions`, gathered by coalesce.ts like the touches, each caller answered with its own
 * row): in a rush each request is a citizen's first, so each read its session on its own — one
 * statement and one (read-only) commit per booking, more than the group-committed booking's own
 * share (docs/notes/rush.md "Session 7 — Rut"). A lone read is the same statement as before; no
 * read waits longer than one loop turn.
 */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CompiledQuery, sql } from 'kysely';
import type { Clock } from './clock.js';
import { createCoalescer } from './coalesce.js';
import type { Db, Queryable } from './db/index.js';
import type { Hub } from './hub.js';

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

export const hashToken = (token: string) => hash('sha256', token, 'base64url');
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
  /** Marks the session active at `now` whatever the touch throttle (the keep-alive endpoint). */
  touch(idHash: string, now: Date): Promise<void>;
  /** Drops a session revoked elsewhere (e.g. by a login that replaces it) from every instance's cache. */
  forget(idHash: string): Promise<void>;
  /**
   * A new session's token and fields, not yet stored: for a caller that stores it
   * (`sessionRow`) within a statement of its own and then calls `adopt`.
   */
  mint(input: { kind: SessionKind; personId?: string; staffId?: string; idleSeconds: number }): NewSession;
  /**
   * A minted session the caller has stored and committed (a login: the metrics count it
   * here, as `create`). A citizen's is cached, so that the login's first request (reaching
   * this instance) does not read back the row it wrote; same rules as a cached read
   * (`cacheMs`, revocations).
   */
  adopt(session: Session): void;
  /** Stops listening for revocations. */
  close(): Promise<void>;
}

/** The row of a minted session (`mint`), for a caller that inserts it itself. */
export function sessionRow(session: Session) {
  return {
    id_hash: session.idHash,
    kind: session.kind,
    person_id: session.personId,
    staff_id: session.staffId,
    csrf_token: session.csrfToken,
    idle_seconds: session.idleSeconds,
    created_at: session.lastSeenAt,
    last_seen_at: session.lastSeenAt,
    expires_at: session.expiresAt,
  };
}

/** The hub channel on which instances tell each other which sessions ended. */
export const SESSION_REVOKED_CHANNEL = 'sessions.revoked';
type Revoked = { idHashes?: string[]; personId?: string };

/** The row fields a resolve needs, as cached. */
interface CachedSession {
  session: Omit<Session, 'lastSeenAt'>;
  lastSeenAt: Date;
  /** performance.now() until which the entry may be used. */
  until: number;
}

/** At most this many entries (≈ 300 bytes each): expired ones are swept when it is reached. */
const MAX_CACHED = 200_000;
/** At most this many sessions read by one statement. */
const MAX_READ = 200;

export function createSessionService(deps: {
  db: Db;
  clock: Clock;
  maxAgeSeconds: number;
  /** How long a citizen session read from the database is reused (0: never). */
  cacheMs?: number;
  /** Revocations are published here and evicted from every instance's cache. */
  hub?: Hub;
}): SessionService {
  const { db, clock } = deps;
  const cacheMs = deps.cacheMs ?? 2000;
  const cache = new Map<string, CachedSession>();
  const touches = createCoalescer<{ idHash: string; at: Date }>({
    async write(items) {
      // One row per session (the latest touch), so no row is updated twice by one statement.
      const latest = new Map<string, Date>();
      for (const { idHash, at } of items) {
        const seen = latest.get(idHash);
        if (!seen || seen < at) latest.set(idHash, at);
      }
      const rows = [...latest].map(([id_hash, at]) => ({ id_hash, at: at.toISOString() }));
      await sql`update sessions s set last_seen_at = t.at
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as t(id_hash text, at timestamptz)
        where s.id_hash = t.id_hash and s.revoked_at is null`.execute(db);
    },
  });

  function evict(revoked: Revoked) {
    for (const idHash of revoked.idHashes ?? []) cache.delete(idHash);
    if (revoked.personId) {
      for (const [idHash, entry] of cache) if (entry.session.personId === revoked.personId) cache.delete(idHash);
    }
  }
  /** Evicts here, then tells the other instances (their copies end at once, not after cacheMs). */
  async function revoked(what: Revoked) {
    evict(what);
    // The revocation itself is in the database; a hub that is down only delays the others by cacheMs.
    if (cacheMs > 0) await deps.hub?.publish(SESSION_REVOKED_CHANNEL, what).catch(() => {});
  }
  /** Caches a live citizen session; when full, first drops the entries past their time. */
  function remember(idHash: string, entry: CachedSession) {
    if (cache.size >= MAX_CACHED && !cache.has(idHash)) {
      const t = performance.now();
      for (const [key, e] of cache) if (e.until <= t) cache.delete(key);
      if (cache.size >= MAX_CACHED) return;
    }
    cache.set(idHash, entry);
  }

  // Compiled once: building and compiling the Kysely query per read cost more of a booking's
  // server CPU (~4 %, docs/performance.md) than handling the read's answer.
  const oneSession = db
    .selectFrom('sessions')
    .selectAll()
    .where('id_hash', '=', '')
    .where('revoked_at', 'is', null)
    .compile();
  // One parameter and one statement text for any number: the primary key's index, by array.
  const manySessions = db
    .selectFrom('sessions')
    .selectAll()
    .where(sql<boolean>`id_hash = any(array(select jsonb_array_elements_text(${'[]'}::jsonb)))`)
    .where('revoked_at', 'is', null)
    .compile();
  type SessionRow = typeof oneSession extends CompiledQuery<infer R> ? R : never;
  /** Live (not revoked) session rows by id hash; one statement whatever their number. */
  async function readSessions(idHashes: string[]): Promise<SessionRow[]> {
    const query =
      idHashes.length === 1
        ? CompiledQuery.raw(oneSession.sql, [idHashes[0]])
        : CompiledQuery.raw(manySessions.sql, [JSON.stringify(idHashes)]);
    return (await db.executeQuery<SessionRow>(query)).rows;
  }
  /**
   * The live session row of `idHash`, read with the others asked for in the same loop turn
   * (coalesce.ts: no read waits longer than one turn, or for another read in flight). A hash
   * asked twice is read once. A failed read fails its batch's callers rather than being retried
   * one by one: it is the database failing, not a hash.
   */
  const reads = createCoalescer<string, SessionRow | undefined>({
    maxSize: MAX_READ,
    maxInFlight: Number.POSITIVE_INFINITY,
    retryAlone: false,
    async write(idHashes) {
      const rows = await readSessions([...new Set(idHashes)]);
      const byHash = new Map(rows.map((r) => [r.id_hash, r]));
      return idHashes.map((idHash) => byHash.get(idHash));
    },
  });

  const subscription =
    cacheMs > 0 && deps.hub
      ? deps.hub
          .subscribe(SESSION_REVOKED_CHANNEL, (message) => evict((message ?? {}) as Revoked))
          // Without the subscription other instances' revocations reach this cache after cacheMs.
          .catch(() => null)
      : null;

  /** Whether the session is neither past its absolute end nor idle too long at `now`. */
  function live(session: Omit<Session, 'lastSeenAt'>, lastSeenAt: Date, now: Date): boolean {
    const idleDeadline = lastSeenAt.getTime() + session.idleSeconds * 1000;
    return now < session.expiresAt && now.getTime() < idleDeadline;
  }

  function mint(input: { kind: SessionKind; personId?: string; staffId?: string; idleSeconds: number }): NewSession {
    const token = newToken();
    const csrfToken = newToken();
    const now = clock.now();
    return {
      token,
      csrfToken,
      session: {
        idHash: hashToken(token),
        kind: input.kind,
        personId: input.personId ?? null,
        staffId: input.staffId ?? null,
        activeUnitId: null,
        csrfToken,
        idleSeconds: input.idleSeconds,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + deps.maxAgeSeconds * 1000),
      },
    };
  }

  return {
    async create(q, input) {
      const minted = mint(input);
      await q.insertInto('sessions').values(sessionRow(minted.session)).execute();
      return minted;
    },

    mint,

    async resolve(token, options) {
      if (!token || token.length > 100) return null;
      const idHash = hashToken(token);
      const now = clock.now();
      const touch = options?.touch !== false;
      const cached = cache.get(idHash);
      if (cached && performance.now() < cached.until) {
        if (!live(cached.session, cached.lastSeenAt, now)) return null;
        // Due for its once-a-minute touch: read and touch through the database below.
        if (!touch || now.getTime() - cached.lastSeenAt.getTime() <= TOUCH_INTERVAL_MS) {
          return { ...cached.session, lastSeenAt: now };
        }
      }
      const row = await reads.add(idHash);
      if (!row) {
        cache.delete(idHash);
        return null;
      }
      const session = {
        idHash,
        kind: row.kind,
        personId: row.person_id,
        staffId: row.staff_id,
        activeUnitId: row.active_unit_id,
        csrfToken: row.csrf_token,
        idleSeconds: row.idle_seconds,
        expiresAt: row.expires_at,
      };
      if (!live(session, row.last_seen_at, now)) return null;
      let lastSeenAt = row.last_seen_at;
      if (touch && now.getTime() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
        await touches.add({ idHash, at: now });
        lastSeenAt = now;
      }
      if (cacheMs > 0 && row.kind === 'citizen') {
        remember(idHash, { session, lastSeenAt, until: performance.now() + cacheMs });
      }
      return { ...session, lastSeenAt: now };
    },

    async revoke(idHash) {
      await db.updateTable('sessions').set({ revoked_at: clock.now() }).where('id_hash', '=', idHash).execute();
      await revoked({ idHashes: [idHash] });
    },

    async revokeAll(subject) {
      let query = db.updateTable('sessions').set({ revoked_at: clock.now() }).where('revoked_at', 'is', null);
      if (subject.personId) query = query.where('person_id', '=', subject.personId);
      else if (subject.staffId) query = query.where('staff_id', '=', subject.staffId);
      else return 0;
      const result = await query.executeTakeFirst();
      // Staff sessions are never cached; a citizen's are evicted by person.
      if (subject.personId) await revoked({ personId: subject.personId });
      return Number(result.numUpdatedRows);
    },

    async setActiveUnit(idHash, unitId) {
      await db.updateTable('sessions').set({ active_unit_id: unitId }).where('id_hash', '=', idHash).execute();
    },

    async touch(idHash, now) {
      await touches.add({ idHash, at: now });
      const cached = cache.get(idHash);
      if (cached) cached.lastSeenAt = now;
    },

    forget: (idHash) => revoked({ idHashes: [idHash] }),

    adopt(session) {
      if (cacheMs <= 0 || session.kind !== 'citizen') return;
      const { lastSeenAt, ...rest } = session;
      remember(session.idHash, { session: rest, lastSeenAt, until: performance.now() + cacheMs });
    },

    async close() {
      await touches.drain();
      const unsubscribe = await subscription;
      await unsubscribe?.();
      cache.clear();
    },
  };
}

/**
 * Re-exported for video/ only, which the `cluster` branch is rewriting in parallel: its files
 * switch to platform/db/helpers.ts when that lands. Everything else imports it from there.
 */
