/**
 * The benchmark's scratch database: created next to DATABASE_URL's database,
 * migrated, filled in bulk with SQL (generate_series), dropped afterwards.
 * Bulk audit rows carry placeholder hashes (they are load, not evidence);
 * the tail written through recordAudit is real.
 */
import { sql } from 'kysely';
import type { Db } from '../../server/src/platform/db/index.js';
import { createScratchDatabase as createScratch } from '../../server/src/platform/db/scratch.js';

export const BENCH_UNIT = 'ba000000-0000-4000-8000-000000000001';
export const BENCH_STAFF = 'ba000000-0000-4000-8000-000000000002';

/** Creates an empty database; returns its URL and a drop function. */
export const createScratchDatabase = (baseUrl: string) => createScratch(baseUrl, 'ingang_bench_audit');

/** One unit, one clinician, `persons` synthetic people, `perPerson` audit rows each (bulk, placeholder hashes). */
export async function seedBulk(db: Db, persons: number, perPerson: number): Promise<void> {
  await sql`
    insert into units (id, hsa_id, name, kind, provider_type, street, postal_code, city, municipality, latitude, longitude)
    values (${BENCH_UNIT}, 'SE0000000000-BENCH', 'Bänkens vårdcentral', 'vardcentral', 'public',
            'Testgatan 1', '111 11', 'Stockholm', 'Stockholm', 59.33, 18.06)`.execute(db);
  await sql`
    insert into staff (id, oidc_subject, hsa_id, given_name, family_name, email, title)
    values (${BENCH_STAFF}, 'bench', 'SE0000000000-B001', 'Bänk', 'Läkare', 'bench@example.invalid', 'Läkare')`.execute(
    db,
  );
  await sql`insert into staff_unit_roles (staff_id, unit_id, role) values (${BENCH_STAFF}, ${BENCH_UNIT}, 'clinician')`.execute(
    db,
  );
  // Personal numbers with month 00: clearly synthetic, never a real person's.
  await sql`
    insert into persons (id, personal_number, given_name, family_name, street, postal_code, city, municipality,
                         listed_unit_id, email, phone)
    select gen_random_uuid(), '1900' || lpad(i::text, 8, '0'), 'Test', 'Person ' || i, 'Testgatan ' || i,
           '111 11', 'Stockholm', 'Stockholm', ${BENCH_UNIT}, 'p' || i || '@example.invalid', '070-000 00 00'
    from generate_series(1, ${persons}::int) i`.execute(db);
  await sql`
    insert into audit_log (id, at, actor_kind, actor_staff_id, actor_role, unit_id, subject_person_id, action,
                           record_type, record_id, purpose, seq, prev_hash, hash)
    select gen_random_uuid(), now() - ((${perPerson}::int - s) * 60 + (p.n % 60)) * interval '1 minute', 'staff',
           ${BENCH_STAFF}, 'clinician', ${BENCH_UNIT}, p.id, 'read', 'profile', p.id::text, 'care', s,
           repeat('0', 64), encode(sha256(convert_to(p.id::text || ':' || s, 'UTF8')), 'hex')
    from (select id, row_number() over (order by id) as n from persons) p
    cross join generate_series(1, ${perPerson}::int) s`.execute(db);
  await sql`
    insert into audit_chain_heads (subject_person_id, last_seq, last_hash, prev_hash)
    select distinct on (subject_person_id) subject_person_id, seq, hash, prev_hash
    from audit_log order by subject_person_id, seq desc`.execute(db);
  await sql`analyze`.execute(db);
}

/** Every person id, for random picks. */
export async function personIds(db: Db): Promise<string[]> {
  return (await db.selectFrom('persons').select('id').execute()).map((r) => r.id);
}
