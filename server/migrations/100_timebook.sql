-- Timebook and booking: health-declaration forms, time types, release rules, published
-- times (slots), bookings, doses, idempotency keys. Capacity and "one active booking"
-- are enforced by the database, not only by application code.

create table health_forms (
  id uuid primary key,
  name text not null,
  created_at timestamptz not null default now(),
  retired_at timestamptz
);

create table health_form_versions (
  -- Answers keep the version they were given on; a published version never changes.
  id uuid primary key,
  form_id uuid not null references health_forms(id),
  version integer not null check (version >= 1),
  definition jsonb not null,
  created_by_staff_id uuid references staff(id),
  created_at timestamptz not null default now(),
  unique (form_id, version)
);

create table time_types (
  id uuid primary key,
  code text not null unique,
  name_sv text not null,
  name_en text not null,
  duration_minutes integer not null check (duration_minutes between 1 and 480),
  mode text not null check (mode in ('on_site', 'video', 'phone')),
  places_per_slot integer not null check (places_per_slot between 1 and 500),
  -- false: only bookable through an invitation or an offer.
  self_bookable boolean not null default true,
  form_id uuid references health_forms(id),
  min_age integer check (min_age between 0 and 130),
  max_age integer check (max_age between 0 and 130),
  one_active_booking boolean not null default true,
  -- Related types share a dose group (e.g. covid-19 and the combined covid + influenza visit).
  dose_group text,
  min_days_since_dose integer check (min_days_since_dose >= 0),
  cancel_cutoff_minutes integer not null default 0 check (cancel_cutoff_minutes >= 0),
  retired_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (min_age is null or max_age is null or min_age <= max_age)
);

create table time_type_units (
  -- Which units may publish a time type.
  time_type_id uuid not null references time_types(id),
  unit_id uuid not null references units(id),
  primary key (time_type_id, unit_id)
);

create table release_rules (
  -- "born 1956 or earlier from 3 May 08:00", "everyone 18+ from 1 June 08:00".
  -- A type with no rules is open to everyone its age range allows; with rules, a person
  -- may book once a matching, unpaused rule has opened.
  id uuid primary key,
  time_type_id uuid not null references time_types(id),
  born_on_or_before date,
  min_age integer check (min_age between 0 and 130),
  opens_at timestamptz not null,
  paused_at timestamptz,
  created_by_staff_id uuid references staff(id),
  created_at timestamptz not null default now()
);
create index release_rules_type on release_rules (time_type_id);

create table slot_batches (
  -- One publication: a pattern (or a single time) a booking administrator published.
  id uuid primary key,
  unit_id uuid not null references units(id),
  time_type_id uuid not null references time_types(id),
  pattern jsonb not null,
  created_by_staff_id uuid references staff(id),
  created_at timestamptz not null default now()
);

create table slots (
  id uuid primary key,
  unit_id uuid not null references units(id),
  time_type_id uuid not null references time_types(id),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  capacity integer not null check (capacity >= 1),
  -- The guarantee: never more bookings than places, whatever the application does.
  booked integer not null default 0 check (booked >= 0 and booked <= capacity),
  visible_from timestamptz not null,
  -- Set when the time is kept for an invitation or offer (a later issue); null = open to all.
  reserved_for uuid,
  batch_id uuid references slot_batches(id),
  withdrawn_at timestamptz,
  created_at timestamptz not null default now(),
  check (ends_at > starts_at),
  unique (unit_id, time_type_id, starts_at)
);
-- Search: free, open times of a type, earliest first.
create index slots_free on slots (time_type_id, starts_at, id)
  where withdrawn_at is null and reserved_for is null and booked < capacity;
create index slots_unit_day on slots (unit_id, starts_at);

create table bookings (
  id uuid primary key,
  slot_id uuid not null references slots(id),
  person_id uuid not null references persons(id),
  time_type_id uuid not null references time_types(id),
  unit_id uuid not null references units(id),
  status text not null check (status in ('booked', 'arrived', 'completed', 'no_show', 'cancelled')),
  -- Equals time_type_id while the booking is active and its type allows one active booking;
  -- the unique index below then makes a second active booking impossible.
  active_key uuid,
  booked_by_person_id uuid references persons(id),
  booked_by_staff_id uuid references staff(id),
  on_behalf_relation text check (on_behalf_relation in ('guardian', 'ombud')),
  form_version_id uuid references health_form_versions(id),
  form_answers jsonb,
  answers_locked_at timestamptz,
  rebooked_from_id uuid references bookings(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  cancelled_at timestamptz,
  cancel_reason text,
  arrived_at timestamptz,
  completed_at timestamptz
);
create unique index bookings_one_active on bookings (person_id, active_key) where active_key is not null;
create unique index bookings_person_slot on bookings (person_id, slot_id) where status <> 'cancelled';
create index bookings_slot on bookings (slot_id);
create index bookings_person on bookings (person_id, created_at desc);

create table dose_records (
  -- "Given": the dose that interval rules count from.
  id uuid primary key,
  person_id uuid not null references persons(id),
  dose_group text not null,
  given_at timestamptz not null,
  booking_id uuid references bookings(id),
  unit_id uuid references units(id),
  recorded_by_staff_id uuid references staff(id),
  created_at timestamptz not null default now()
);
create index dose_records_person on dose_records (person_id, dose_group, given_at desc);

create table idempotency_keys (
  -- A repeated request with the same key returns the first answer, never a second booking.
  actor_key text not null,
  key text not null,
  request_hash text not null,
  status_code integer,
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (actor_key, key)
);
