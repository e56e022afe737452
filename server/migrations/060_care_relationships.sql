-- Care relationships, emergency access (nödåtkomst) and refused access attempts.
-- Forward-only. Times are timestamptz (UTC).

create table care_relationships (
  -- A relationship a staff member registered for their unit, with a reason
  -- (the other kinds — listing, bookings, conversations… — follow from other tables).
  id uuid primary key,
  unit_id uuid not null references units(id),
  person_id uuid not null references persons(id),
  reason text not null,
  registered_by uuid not null references staff(id),
  created_at timestamptz not null default now(),
  ends_at timestamptz
);
-- At most one open-ended relationship per unit and patient: registering twice is idempotent.
create unique index care_relationships_open on care_relationships (unit_id, person_id) where ends_at is null;
create index care_relationships_person on care_relationships (person_id, unit_id);

create table emergency_accesses (
  -- "Nödåtkomst": one staff member, one patient, one unit, for a limited time. Listed for
  -- follow-up by the unit administrator until reviewed.
  id uuid primary key,
  unit_id uuid not null references units(id),
  staff_id uuid not null references staff(id),
  person_id uuid not null references persons(id),
  reason text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  reviewed_at timestamptz,
  reviewed_by uuid references staff(id),
  review_note text,
  check (expires_at > created_at),
  check ((reviewed_at is null) = (reviewed_by is null))
);
create index emergency_accesses_grant on emergency_accesses (staff_id, unit_id, person_id, expires_at desc);
create index emergency_accesses_unit on emergency_accesses (unit_id, created_at desc);

create table access_refusals (
  -- Refused attempts to open a patient's data. Written in its own transaction after the
  -- refused one rolled back, so the attempt is kept although nothing else is. No foreign key on
  -- the subject: an attempt with a made-up id must be recordable too.
  id uuid primary key,
  at timestamptz not null default now(),
  staff_id uuid references staff(id),
  unit_id uuid references units(id),
  subject_person_id uuid,
  -- Only when the attempt named a personnummer that has no person row (a lookup).
  subject_personal_number char(12),
  action text not null,
  record_type text not null,
  record_id text,
  purpose text not null,
  reason text not null
);
create index access_refusals_subject on access_refusals (subject_person_id, at desc);
create index access_refusals_staff on access_refusals (staff_id, at desc);
-- Refusals are evidence like the audit log: append-only (audit_append_only() is from 050).
create trigger access_refusals_append_only before update or delete on access_refusals
  for each row execute function audit_append_only();
create trigger access_refusals_no_truncate before truncate on access_refusals
  for each statement execute function audit_append_only();
