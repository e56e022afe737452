/**
 * The access log for patient data (Patientdatalagen): who read or changed
 * whose data, in which role and unit, acting for whom, and why. Call
 * `recordAudit` with the transaction that performs the access, so the row
 * exists exactly when the access happened: if the audit write fails, the
 * transaction — and with it the access — fails.
 *
 * Tamper evidence: every subject patient has a hash chain. Entry n stores
 * seq n, `prev_hash` (entry n-1's hash, or 64 zeros) and
 * `hash = sha256(sha256(canonicalAuditJson(entry)) + ':' + n + ':' + prev_hash)`.
 * The canonical JSON and its digest are computed here in Node, so PGlite and
 * PostgreSQL never disagree on a serialization; the last step runs in SQL
 * over plain ASCII (see `auditHash`). The chain head row
 * (`audit_chain_heads`) is locked by an upsert, so writers for one patient
 * queue on that row until their transaction ends while writers for different
 * patients never wait for each other. Keep audited transactions short and
 * record the audit last: the head stays locked until commit.
 */
import { hash } from 'node:crypto';
import { type Compilable, type RawBuilder, sql } from 'kysely';
import { uuid } from './db/helpers.js';
import type { Queryable } from './db/index.js';
import type { UnitRole } from './db/schema.js';

/**
 * Who accessed the data. A full `CitizenActor` or `StaffActor` from auth.ts
 * fits; the citizen shape alone covers a citizen acting through a
 * single-use credential without a session (e.g. an e-mail verification link);
 * `system` is a background job.
 */
export type AuditActor =
  | { kind: 'citizen'; personId: string }
  | {
      kind: 'staff';
      staffId: string;
      supportRole: 'first_line' | 'second_line' | null;
      units: { unitId: string; roles: UnitRole[] }[];
      activeUnitId: string | null;
      regionAdmin?: boolean;
    }
  | { kind: 'system'; name: string };

export type OnBehalfRelation = 'guardian' | 'ombud';

export interface AuditEntry {
  actor: AuditActor;
  /** The person whose data was accessed (the chain the entry joins). */
  subjectPersonId: string;
  /** What was done, e.g. 'read', 'update', 'create'. */
  action: string;
  /** What kind of record, e.g. 'profile', 'identity'. */
  recordType: string;
  recordId?: string;
  /** Why, e.g. 'self_service', 'care', 'support', 'audit_follow_up'. */
  purpose: string;
  /** The care unit the access was made in (staff); defaults to the actor's active unit. */
  unitId?: string;
  /** When; defaults to now. Pass the clock's now for time-travelling tests. */
  at?: Date;
  /** A citizen acting for the subject (someone else): as guardian or as ombud. */
  onBehalf?: { relation: OnBehalfRelation } | null;
  /** Flag for follow-up (e.g. emergency access); a flagged entry needs a reason. */
  flagged?: boolean;
  reason?: string;
}

/** The hashed content of an entry, named as the audit_log columns. */
export interface AuditContent {
  id: string;
  at: Date;
  subject_person_id: string;
  actor_kind: string;
  actor_person_id: string | null;
  actor_staff_id: string | null;
  actor_role: string | null;
  unit_id: string | null;
  on_behalf_of_relation: string | null;
  action: string;
  record_type: string;
  record_id: string | null;
  purpose: string;
  flagged: boolean;
  reason: string | null;
}

/** prev_hash of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

const lower = (id: string | null) => (id === null ? null : id.toLowerCase());

/**
 * The canonical serialization that is hashed: JSON of a fixed key order,
 * uuids in lower case (as PostgreSQL returns them), the time as an ISO string
 * with milliseconds (what is stored: entries are written with ms precision),
 * seq and prev_hash are chained in `auditHash`. Changing it breaks every
 * stored chain — bump `v` instead.
 */
export function canonicalAuditJson(e: AuditContent): string {
  return JSON.stringify({
    v: 1,
    id: lower(e.id),
    subject: lower(e.subject_person_id),
    at: e.at.toISOString(),
    actorKind: e.actor_kind,
    actorPersonId: lower(e.actor_person_id),
    actorStaffId: lower(e.actor_staff_id),
    actorRole: e.actor_role,
    unitId: lower(e.unit_id),
    onBehalfOf: e.on_behalf_of_relation,
    action: e.action,
    recordType: e.record_type,
    recordId: e.record_id,
    purpose: e.purpose,
    flagged: e.flagged,
    reason: e.reason,
  });
}

/** sha256 (hex) of the canonical content: computed in Node, where the serialization is defined. */
export function contentDigest(content: AuditContent): string {
  return hash('sha256', canonicalAuditJson(content), 'hex');
}

/**
 * An entry's hash: sha256 (hex) of `digest:seq:prev_hash` (ASCII). The
 * writer computes this last step in SQL with the built-in sha256() inside the
 * statement that locks the chain head, so an entry costs one round trip; the
 * input is plain ASCII, so PostgreSQL, PGlite and Node agree byte for byte.
 */
export function auditHash(content: AuditContent, seq: number | string | bigint, prevHash: string): string {
  return hash('sha256', `${contentDigest(content)}:${Number(seq)}:${prevHash}`, 'hex');
}

type Who = Pick<AuditContent, 'actor_kind' | 'actor_person_id' | 'actor_staff_id' | 'actor_role' | 'unit_id'>;

function describeActor(entry: AuditEntry): Who {
  const { actor } = entry;
  if (actor.kind === 'system') {
    return {
      actor_kind: 'system',
      actor_person_id: null,
      actor_staff_id: null,
      actor_role: actor.name,
      unit_id: lower(entry.unitId ?? null),
    };
  }
  if (actor.kind === 'citizen') {
    const self = actor.personId.toLowerCase() === entry.subjectPersonId.toLowerCase();
    return {
      actor_kind: 'citizen',
      actor_person_id: lower(actor.personId),
      actor_staff_id: null,
      actor_role: self ? 'self' : (entry.onBehalf?.relation ?? 'representative'),
      unit_id: lower(entry.unitId ?? null),
    };
  }
  const unitId = entry.unitId ?? actor.activeUnitId;
  const roles = unitId ? (actor.units.find((u) => u.unitId === unitId)?.roles ?? []) : [];
  const base = { actor_person_id: null, actor_staff_id: lower(actor.staffId), unit_id: lower(unitId) };
  // Support staff acting outside a care unit are logged as support, not as care staff.
  if (!unitId && actor.supportRole) {
    return { ...base, actor_kind: 'support', actor_role: `support_${actor.supportRole}` };
  }
  if (!unitId && actor.regionAdmin) return { ...base, actor_kind: 'staff', actor_role: 'region_admin' };
  return { ...base, actor_kind: 'staff', actor_role: roles.length ? [...roles].sort().join(',') : 'staff' };
}

/** The row content of an entry (validated; id and time assigned here). */
function auditContent(entry: AuditEntry): AuditContent {
  if (entry.flagged && !entry.reason?.trim()) throw new Error('A flagged audit entry needs a reason.');
  return {
    id: uuid(),
    // Millisecond precision, so the stored value hashes the same when read back.
    at: new Date((entry.at ?? new Date()).getTime()),
    subject_person_id: entry.subjectPersonId.toLowerCase(),
    ...describeActor(entry),
    on_behalf_of_relation: entry.onBehalf?.relation ?? null,
    action: entry.action,
    record_type: entry.recordType,
    record_id: entry.recordId ?? null,
    purpose: entry.purpose,
    flagged: entry.flagged ?? false,
    reason: entry.reason ?? null,
  };
}

/**
 * The two statements of an entry, for use as CTEs `audit_head` and `audit_entry`:
 * lock the chain head (the upsert's row lock, held to commit), take the next seq,
 * chain the digest to the previous hash in SQL, and insert the entry from the head's row.
 */
function auditStatements(
  content: AuditContent,
  /** An earlier CTE of the statement: the entry is written only if it returned a row. */
  guard?: string,
): { head: RawBuilder<unknown>; insert: RawBuilder<unknown> } {
  const digest = contentDigest(content);
  const link = (seq: RawBuilder<unknown>, prev: RawBuilder<unknown>) =>
    sql`encode(sha256(convert_to(${digest} || ':' || (${seq})::text || ':' || ${prev}, 'UTF8')), 'hex')`;
  const subject = content.subject_person_id;
  const head = sql`
    insert into audit_chain_heads as h (subject_person_id, last_seq, last_hash, prev_hash)
    ${guard ? sql`select` : sql`values (`} ${subject}::uuid, 1, ${link(sql`1`, sql`${GENESIS_HASH}::text`)}, ${GENESIS_HASH}::text
    ${guard ? sql`where exists (select 1 from ${sql.table(guard)})` : sql`)`}
    on conflict (subject_person_id) do update
      set last_seq = h.last_seq + 1, prev_hash = h.last_hash, last_hash = ${link(sql`h.last_seq + 1`, sql`h.last_hash`)}
    returning last_seq, last_hash, prev_hash`;
  const insert = sql`
    insert into audit_log (id, at, actor_kind, actor_person_id, actor_staff_id, actor_role, unit_id,
                           subject_person_id, on_behalf_of_relation, action, record_type, record_id, purpose,
                           flagged, reason, seq, prev_hash, hash)
    select ${content.id}, ${content.at}, ${content.actor_kind}, ${content.actor_person_id}, ${content.actor_staff_id},
           ${content.actor_role}, ${content.unit_id}, ${subject}, ${content.on_behalf_of_relation}, ${content.action},
           ${content.record_type}, ${content.record_id}, ${content.purpose}, ${content.flagged}, ${content.reason},
           audit_head.last_seq, audit_head.prev_hash, audit_head.last_hash
    from audit_head
    returning seq, hash`;
  return { head, insert };
}

/**
 * Writes one audit entry through `q`, the transaction of the access, and
 * links it into the subject's chain. Throws (failing the caller's
 * transaction) when the row cannot be written. Called with the database
 * instead of a transaction it runs as one statement, which is its own
 * transaction: the entry and its chain link commit together or not at all.
 */
export async function recordAudit(q: Queryable, entry: AuditEntry): Promise<{ id: string; seq: number; hash: string }> {
  const content = auditContent(entry);
  const { head, insert } = auditStatements(content);
  // One statement, one round trip: the head upsert as a CTE, the entry insert from its row.
  const result = await sql<{ seq: number | string; hash: string }>`with audit_head as (${head}) ${insert}`.execute(q);
  const row = result.rows[0];
  if (!row) throw new Error('audit entry not written');
  return { id: content.id, seq: Number(row.seq), hash: row.hash };
}

/** What `auditedQuery` hands the caller: build the read from it, so the audit CTEs lead the statement. */
export type AuditedQueryCreator = ReturnType<typeof withAudit>;

const withAudit = (q: Queryable, content: AuditContent) => {
  const { head, insert } = auditStatements(content);
  return q.with('audit_head', () => sql`(${head})`).with('audit_entry', () => sql`(${insert})`);
};

/**
 * A read and its audit entry in ONE statement: `build` makes the select from
 * the given query creator, whose data-modifying CTEs write the entry. PostgreSQL
 * runs such CTEs exactly once and to completion whether or not the select
 * returns rows, so the entry is written with the read — an attempt is an
 * access — and if it cannot be written the read fails. Through the database
 * (not a transaction) the statement is its own transaction: no BEGIN/COMMIT
 * round trips, and the chain head is locked only for that statement.
 */
export async function auditedQuery<R>(
  q: Queryable,
  entry: AuditEntry,
  build: (qc: AuditedQueryCreator) => Compilable<R>,
): Promise<R[]> {
  const compiled = build(withAudit(q, auditContent(entry))).compile();
  // A query built from `q` instead of the creator would skip the audit: refuse it.
  if (!compiled.sql.startsWith('with "audit_head" as')) throw new Error('auditedQuery: build the read from qc');
  return (await q.executeQuery(compiled)).rows;
}

/**
 * The audit CTEs (`audit_head`, `audit_entry`, with a leading comma) of a write that
 * may not happen, for a statement of data-modifying CTEs: the entry is written only
 * when the earlier CTE `guard` returned a row (booking/book-store.ts: only when a
 * place was taken). Same chain, same hash, same head lock as `recordAudit`.
 */
export function guardedAuditCtes(entry: AuditEntry, guard: string): RawBuilder<unknown> {
  const { head, insert } = auditStatements(auditContent(entry), guard);
  return sql`, audit_head as (${head}), audit_entry as (${insert})`;
}

/** An entry of a set statement, named by the caller's ordinal (`ord`). */
export interface OrdinalAuditEntry {
  ord: number;
  entry: AuditEntry;
}

/**
 * The audit CTEs of a SET statement (one statement for many accesses, booking/book-store.ts
 * `bookMany`), with a leading comma: `audit_in` (the entries whose `ord` the earlier CTE
 * `guard` returned — only the accesses that happened), `audit_head` and `audit_entry`. Same
 * chain, same hash, same head lock as `recordAudit`: each entry's digest is computed here in
 * Node, the link `sha256(digest:seq:prev_hash)` in SQL from the head row the upsert locked.
 * The subjects must be distinct — one link per chain per statement, so no entry depends on
 * another of the same statement; the heads are upserted (and locked) in subject order, as
 * `recordAuditMany` does, so two writers never lock heads in opposite orders.
 */
export function guardedAuditSetCtes(entries: OrdinalAuditEntry[], guard: string): RawBuilder<unknown> {
  const rows = entries.map(({ ord, entry }) => {
    const content = auditContent(entry);
    return { ...content, at: content.at.toISOString(), ord, digest: contentDigest(content) };
  });
  if (new Set(rows.map((r) => r.subject_person_id)).size !== rows.length) {
    throw new Error('guardedAuditSetCtes: one entry per subject per statement');
  }
  const link = (digest: RawBuilder<unknown>, seq: RawBuilder<unknown>, prev: RawBuilder<unknown>) =>
    sql`encode(sha256(convert_to(${digest} || ':' || (${seq})::text || ':' || ${prev}, 'UTF8')), 'hex')`;
  return sql`,
    audit_in as materialized (
      select a.* from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as a(
        ord int, id uuid, at timestamptz, subject_person_id uuid, actor_kind text, actor_person_id uuid,
        actor_staff_id uuid, actor_role text, unit_id uuid, on_behalf_of_relation text, action text,
        record_type text, record_id text, purpose text, flagged boolean, reason text, digest text)
       where a.ord in (select ord from ${sql.table(guard)})),
    audit_head as (
      insert into audit_chain_heads as h (subject_person_id, last_seq, last_hash, prev_hash)
      select a.subject_person_id, 1, ${link(sql`a.digest`, sql`1`, sql`${GENESIS_HASH}::text`)}, ${GENESIS_HASH}::text
        from audit_in a order by a.subject_person_id
      on conflict (subject_person_id) do update
        set last_seq = h.last_seq + 1, prev_hash = h.last_hash,
            last_hash = ${link(
              sql`(select a.digest from audit_in a where a.subject_person_id = h.subject_person_id)`,
              sql`h.last_seq + 1`,
              sql`h.last_hash`,
            )}
      returning subject_person_id, last_seq, last_hash, prev_hash),
    audit_entry as (
      insert into audit_log (id, at, actor_kind, actor_person_id, actor_staff_id, actor_role, unit_id,
                             subject_person_id, on_behalf_of_relation, action, record_type, record_id, purpose,
                             flagged, reason, seq, prev_hash, hash)
      select a.id, a.at, a.actor_kind, a.actor_person_id, a.actor_staff_id, a.actor_role, a.unit_id,
             a.subject_person_id, a.on_behalf_of_relation, a.action, a.record_type, a.record_id, a.purpose,
             a.flagged, a.reason, h.last_seq, h.prev_hash, h.last_hash
        from audit_head h join audit_in a on a.subject_person_id = h.subject_person_id
      returning seq)`;
}

/**
 * Several entries in one transaction, written in subject order: transactions
 * that lock several chain heads always lock them in the same order, so two of
 * them cannot deadlock on each other.
 */
export async function recordAuditMany(q: Queryable, entries: AuditEntry[]): Promise<void> {
  const key = (e: AuditEntry) => e.subjectPersonId.toLowerCase();
  const sorted = [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  for (const entry of sorted) await recordAudit(q, entry);
}
