/**
 * Verifies the audit log's hash chains (`npm run audit:verify`): walks every
 * subject's chain in seq order, recomputes each hash, and checks the links,
 * the seq numbering (a deleted entry leaves a gap) and the chain head (a
 * deleted last entry leaves the head ahead of the chain). Reads one snapshot
 * (repeatable read), so writers committing meanwhile do not look like breaks.
 */
import { sql } from 'kysely';
import { type AuditContent, auditHash, GENESIS_HASH } from './audit.js';
import type { Db, Queryable } from './db/index.js';

export interface BrokenEntry {
  /** The chain: the subject patient's person id. */
  chain: string;
  /** The seq of the first entry that fails (or that is missing). */
  seq: number;
  /** The failing entry's id; null when the entry is missing. */
  id: string | null;
  at: Date | null;
  problem: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Entries read (all, legacy included). */
  entries: number;
  chains: number;
  /** Entries written before the chain existed (migration 050): counted, not covered. */
  legacy: number;
  broken: BrokenEntry | null;
}

interface Row extends AuditContent {
  seq: number | string;
  prev_hash: string | null;
  hash: string | null;
}

const BATCH = 5000;

const missing = (from: number, to: number) =>
  to > from ? `entries ${from}–${to} are missing` : `entry ${from} is missing`;

/** Checks every chain; stops at the first broken entry. */
export async function verifyAuditLog(db: Db): Promise<VerifyResult> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute((trx) => verifyIn(trx));
}

async function verifyIn(q: Queryable): Promise<VerifyResult> {
  const heads = new Map<string, { seq: number; hash: string }>();
  for (const h of await q.selectFrom('audit_chain_heads').selectAll().execute()) {
    heads.set(h.subject_person_id, { seq: Number(h.last_seq), hash: h.last_hash });
  }
  const result: VerifyResult = { ok: true, entries: 0, chains: 0, legacy: 0, broken: null };
  let chain: string | null = null;
  let expected = 1;
  let prev = GENESIS_HASH;
  let hashed = false;
  let last: Row | null = null;

  const fail = (broken: BrokenEntry): VerifyResult => ({ ...result, ok: false, broken });
  const endOfChain = (): BrokenEntry | null => {
    if (chain === null || last === null) return null;
    const head = heads.get(chain);
    heads.delete(chain);
    const lastSeq = Number(last.seq);
    if (!head) return { chain, seq: lastSeq, id: last.id, at: last.at, problem: 'the chain has no head' };
    if (head.seq > lastSeq) {
      return { chain, seq: lastSeq + 1, id: null, at: null, problem: missing(lastSeq + 1, head.seq) };
    }
    if (head.seq < lastSeq || head.hash !== prev) {
      return { chain, seq: lastSeq, id: last.id, at: last.at, problem: 'the chain head does not match the last entry' };
    }
    return null;
  };

  let after: { subject: string; seq: number } | null = null;
  for (;;) {
    let query = q
      .selectFrom('audit_log')
      .select([
        'id',
        'at',
        'subject_person_id',
        'seq',
        'actor_kind',
        'actor_person_id',
        'actor_staff_id',
        'actor_role',
        'unit_id',
        'on_behalf_of_relation',
        'action',
        'record_type',
        'record_id',
        'purpose',
        'flagged',
        'reason',
        'prev_hash',
        'hash',
      ])
      .orderBy('subject_person_id')
      .orderBy('seq')
      .limit(BATCH);
    if (after) query = query.where(sql<boolean>`(subject_person_id, seq) > (${after.subject}, ${after.seq})`);
    const rows: Row[] = await query.execute();
    for (const row of rows) {
      const seq = Number(row.seq);
      if (row.subject_person_id !== chain) {
        const broken = endOfChain();
        if (broken) return fail(broken);
        chain = row.subject_person_id;
        result.chains++;
        expected = 1;
        prev = GENESIS_HASH;
        hashed = false;
      }
      result.entries++;
      const at = { chain, seq, id: row.id, at: row.at };
      if (seq !== expected) {
        return fail({
          ...at,
          problem: seq > expected ? `${missing(expected, seq - 1)} before this entry` : 'seq repeats',
        });
      }
      if (row.hash === null) {
        if (hashed) return fail({ ...at, problem: 'an unhashed entry inside the chain' });
        result.legacy++;
      } else {
        hashed = true;
        if (row.prev_hash !== prev) return fail({ ...at, problem: 'prev_hash does not match the previous entry' });
        if (auditHash(row, row.seq, row.prev_hash) !== row.hash)
          return fail({ ...at, problem: 'the content does not match its hash' });
        prev = row.hash;
      }
      expected++;
      last = row;
    }
    const tail = rows.at(-1);
    if (!tail || rows.length < BATCH) break;
    after = { subject: tail.subject_person_id, seq: Number(tail.seq) };
  }
  const broken = endOfChain();
  if (broken) return fail(broken);
  // A head whose entries are all gone.
  for (const [subject, head] of heads) {
    return fail({ chain: subject, seq: 1, id: null, at: null, problem: missing(1, head.seq) });
  }
  return result;
}
