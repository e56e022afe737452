-- Audit log, tamper evidence and follow-up (Patientdatalagen).
--
-- One hash chain per subject patient: entry n carries prev_hash (the hash of entry n-1, or 64 zeros)
-- and hash = sha256(digest || ':' || n || ':' || prev_hash), where digest is the sha256 of the
-- entry's canonical JSON, computed by the application (server/src/platform/audit.ts) so PGlite and
-- PostgreSQL agree. audit_chain_heads holds each chain's last seq and hash; a writer takes the head
-- row's lock with insert … on conflict do update (one statement that also inserts the entry), so
-- writers for different patients never wait for each other and writers for one patient queue on
-- that row only. Rows and heads are append-only (triggers below); there is no delete path at all,
-- which is how the ≥ 5 year retention is kept (see docs/security.md).

alter table audit_log
  add column seq bigint,
  add column prev_hash text,
  add column hash text,
  -- Set when a citizen acted for someone else (the subject): as guardian or as ombud.
  add column on_behalf_of_relation text check (on_behalf_of_relation in ('guardian', 'ombud')),
  -- Flagged for follow-up, e.g. emergency access ("nödåtkomst"), with the stated reason.
  add column flagged boolean not null default false,
  add column reason text;

-- Rows written before this migration get their place in the chain order but no hash
-- ("legacy": counted, not covered, by audit:verify). Every new row must be hashed.
update audit_log a
set seq = r.n
from (select id, row_number() over (partition by subject_person_id order by at, id) as n from audit_log) r
where a.id = r.id;
alter table audit_log alter column seq set not null;
alter table audit_log add constraint audit_log_hashed
  check (hash is not null and prev_hash is not null and length(hash) = 64) not valid;
create unique index audit_log_chain on audit_log (subject_person_id, seq);

-- (subject, seq) serves every per-patient read, so 001's (subject, at) index only costs inserts.
drop index audit_log_subject;
-- Follow-up searches: by staff member and by unit, newest first; BRIN for time ranges (append order);
-- flagged entries (emergency access) per unit for the unit administrators' follow-up.
create index audit_log_staff on audit_log (actor_staff_id, at desc) where actor_staff_id is not null;
create index audit_log_unit on audit_log (unit_id, at desc) where unit_id is not null;
create index audit_log_at on audit_log using brin (at);
create index audit_log_flagged on audit_log (unit_id, at desc) where flagged;

create table audit_chain_heads (
  subject_person_id uuid primary key references persons(id),
  last_seq bigint not null,
  last_hash text not null,
  -- The hash before last_hash: the writer's upsert returns it as the new entry's prev_hash.
  prev_hash text not null
);
insert into audit_chain_heads (subject_person_id, last_seq, last_hash, prev_hash)
select subject_person_id, max(seq), repeat('0', 64), repeat('0', 64) from audit_log group by subject_person_id;

-- Region administrators' searches of the log: who searched, when, with which filter.
-- (Each patient whose entries a search returned also gets an audit_log row, purpose 'audit_follow_up'.)
create table audit_searches (
  id uuid primary key,
  at timestamptz not null default now(),
  staff_id uuid not null references staff(id),
  filters jsonb not null,
  result_count integer not null
);
create index audit_searches_at on audit_searches (at desc);

create function audit_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: % is not allowed', tg_table_name, tg_op
    using errcode = 'insufficient_privilege';
end;
$$;

create function audit_chain_head_forward_only() returns trigger language plpgsql as $$
begin
  if new.subject_person_id <> old.subject_person_id or new.last_seq < old.last_seq then
    raise exception 'audit_chain_heads only move forward' using errcode = 'insufficient_privilege';
  end if;
  return new;
end;
$$;

create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_append_only();
create trigger audit_searches_append_only before update or delete on audit_searches
  for each row execute function audit_append_only();
create trigger audit_searches_no_truncate before truncate on audit_searches
  for each statement execute function audit_append_only();
create trigger audit_chain_heads_forward before update on audit_chain_heads
  for each row execute function audit_chain_head_forward_only();
create trigger audit_chain_heads_no_delete before delete on audit_chain_heads
  for each row execute function audit_append_only();
create trigger audit_chain_heads_no_truncate before truncate on audit_chain_heads
  for each statement execute function audit_append_only();
