-- Platform: people, units, staff, sessions, login orders, jobs, mail, change log, audit.
-- Forward-only. Times are timestamptz (UTC).

create table registry_persons (
  -- The embedded population registry (synthetic). The real registry is reached through
  -- the PopulationRegistry interface; this table backs only the embedded default.
  personal_number char(12) primary key,
  given_name text not null,
  family_name text not null,
  protected_identity boolean not null default false,
  street text,
  postal_code text,
  city text,
  municipality text,
  deceased boolean not null default false
);

create table registry_guardianships (
  guardian_pnr char(12) not null references registry_persons(personal_number),
  child_pnr char(12) not null references registry_persons(personal_number),
  primary key (guardian_pnr, child_pnr)
);

create table units (
  id uuid primary key,
  hsa_id text not null unique,
  name text not null,
  kind text not null check (kind in ('vardcentral', 'hospital_clinic', 'bvc', 'maternity', 'vaccinator', 'other')),
  provider_type text not null check (provider_type in ('public', 'private')),
  street text not null,
  postal_code text not null,
  city text not null,
  municipality text not null,
  latitude double precision not null,
  longitude double precision not null,
  phone text,
  email text,
  website text,
  description text not null default '',
  opening_hours jsonb not null default '[]',
  services text[] not null default '{}',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table persons (
  id uuid primary key,
  personal_number char(12) not null unique,
  given_name text not null,
  family_name text not null,
  protected_identity boolean not null default false,
  street text,
  postal_code text,
  city text,
  municipality text,
  listed_unit_id uuid references units(id),
  email text,
  email_verified_at timestamptz,
  phone text,
  notify_email boolean not null default true,
  notify_sms boolean not null default false,
  notify_push boolean not null default false,
  locale text not null default 'sv' check (locale in ('sv', 'en')),
  registry_synced_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index persons_listed_unit on persons (listed_unit_id);

create table staff (
  id uuid primary key,
  oidc_subject text not null unique,
  hsa_id text not null unique,
  given_name text not null,
  family_name text not null,
  email text not null,
  title text not null default '',
  region_admin boolean not null default false,
  support_role text check (support_role in ('first_line', 'second_line')),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table staff_unit_roles (
  staff_id uuid not null references staff(id),
  unit_id uuid not null references units(id),
  role text not null check (role in ('clinician', 'booking_admin', 'unit_admin')),
  created_at timestamptz not null default now(),
  primary key (staff_id, unit_id, role)
);
create index staff_unit_roles_unit on staff_unit_roles (unit_id);

create table sessions (
  -- sha256 of the cookie value: a stolen database dump does not yield live sessions.
  id_hash text primary key,
  kind text not null check (kind in ('citizen', 'staff')),
  person_id uuid references persons(id),
  staff_id uuid references staff(id),
  active_unit_id uuid references units(id),
  csrf_token text not null,
  idle_seconds integer not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  check ((kind = 'citizen' and person_id is not null) or (kind = 'staff' and staff_id is not null))
);
create index sessions_person on sessions (person_id) where revoked_at is null;
create index sessions_staff on sessions (staff_id) where revoked_at is null;

create table bankid_orders (
  -- Orders this relying party started. qr_start_secret never leaves the server.
  order_ref text primary key,
  qr_start_token text not null,
  qr_start_secret text not null,
  started_at timestamptz not null default now(),
  end_user_ip text not null,
  completed_at timestamptz
);

create table bankid_sim_orders (
  -- State of the embedded BankID simulator (the "BankID side"); development only.
  order_ref text primary key,
  auto_start_token text not null unique,
  qr_start_token text not null,
  qr_start_secret text not null,
  end_user_ip text not null,
  requested_pnr char(12),
  status text not null check (status in ('pending', 'failed', 'complete')),
  hint_code text not null,
  personal_number char(12),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table email_verifications (
  token_hash text primary key,
  person_id uuid not null references persons(id),
  email text not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);

create table jobs (
  id uuid primary key,
  kind text not null,
  payload jsonb not null,
  run_at timestamptz not null default now(),
  attempts integer not null default 0,
  max_attempts integer not null default 5,
  locked_until timestamptz,
  last_error text,
  done_at timestamptz,
  created_at timestamptz not null default now()
);
create index jobs_due on jobs (run_at) where done_at is null;

create table dev_mailbox (
  -- Mail caught by the embedded SMTP server (development mailbox page).
  id uuid primary key,
  received_at timestamptz not null default now(),
  mail_from text not null,
  mail_to text not null,
  subject text not null,
  text_body text not null,
  html_body text
);

create table change_log (
  -- Who changed what in administration (units, staff, roles), field by field.
  id uuid primary key,
  at timestamptz not null default now(),
  actor_staff_id uuid references staff(id),
  entity_type text not null,
  entity_id uuid not null,
  action text not null,
  changes jsonb not null
);
create index change_log_entity on change_log (entity_type, entity_id, at desc);

create table audit_log (
  -- Every access to patient data (Patientdatalagen). Written in the same transaction as the access.
  id uuid primary key,
  at timestamptz not null default now(),
  actor_kind text not null check (actor_kind in ('citizen', 'staff', 'support', 'system')),
  actor_person_id uuid references persons(id),
  actor_staff_id uuid references staff(id),
  actor_role text,
  unit_id uuid references units(id),
  subject_person_id uuid not null references persons(id),
  action text not null,
  record_type text not null,
  record_id text,
  purpose text not null
);
create index audit_log_subject on audit_log (subject_person_id, at desc);
