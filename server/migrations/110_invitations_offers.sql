-- Invitations (e-kallelse) and targeted offers (riktade erbjudanden), and risk-group flags.
-- Times kept for an invitation or an offer carry its id in slots.reserved_for (migration 100):
-- the search and the booking API refuse them to everyone else.

create table invitations (
  id uuid primary key,
  unit_id uuid not null references units(id),
  person_id uuid not null references persons(id),
  kind text not null check (kind in ('fixed_time', 'book_within_period')),
  time_type_id uuid not null references time_types(id),
  -- fixed_time: the time held for the patient (slots.reserved_for = this id while held).
  slot_id uuid references slots(id),
  -- book_within_period: Stockholm dates, inclusive.
  period_from date,
  period_to date,
  instructions text not null default '',
  form_version_id uuid references health_form_versions(id),
  form_answers jsonb,
  -- FHIR Appointment.status (declined = cancelled + participant declined in FHIR terms).
  status text not null check (status in ('proposed', 'pending', 'booked', 'declined', 'cancelled')),
  participant_status text not null
    check (participant_status in ('needs-action', 'accepted', 'declined', 'tentative')),
  booking_id uuid references bookings(id),
  booked_slot_id uuid references slots(id),
  patient_note text,
  respond_by timestamptz not null,
  reminded_at timestamptz,
  answered_at timestamptz,
  cancelled_at timestamptz,
  cancel_reason text,
  created_by_staff_id uuid not null references staff(id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (kind <> 'fixed_time' or period_from is null),
  check (kind <> 'book_within_period' or (period_from is not null and period_to is not null and period_from <= period_to))
);
create index invitations_unit on invitations (unit_id, created_at desc);
create index invitations_person on invitations (person_id, created_at desc);
-- The reminder sweep and the follow-up list: unanswered past respond_by.
create index invitations_open on invitations (respond_by) where status in ('proposed', 'pending');

create table risk_flags (
  -- "In a risk group", set by staff of a unit for a patient it has a care relationship with.
  id uuid primary key,
  unit_id uuid not null references units(id),
  person_id uuid not null references persons(id),
  risk_group text not null,
  created_by_staff_id uuid not null references staff(id),
  created_at timestamptz not null,
  removed_at timestamptz,
  removed_by_staff_id uuid references staff(id)
);
create unique index risk_flags_active on risk_flags (unit_id, person_id, risk_group) where removed_at is null;
create index risk_flags_group on risk_flags (unit_id, risk_group) where removed_at is null;

create table offer_target_uploads (
  -- A validated list of personnummer without errors (step 1); an offer takes it once (step 2).
  token text primary key,
  unit_id uuid not null references units(id),
  staff_id uuid not null references staff(id),
  person_ids jsonb not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz
);

create table offers (
  id uuid primary key,
  unit_id uuid not null references units(id),
  time_type_id uuid not null references time_types(id),
  title text not null,
  description text not null default '',
  status text not null check (status in ('draft', 'published', 'closed')),
  target_kind text not null check (target_kind in ('criteria', 'list')),
  listed_at_unit boolean not null default false,
  min_age integer check (min_age between 0 and 130),
  max_age integer check (max_age between 0 and 130),
  risk_group text,
  upload_token text references offer_target_uploads(token),
  list_size integer,
  -- true: book only among the times reserved for the offer.
  has_reserved boolean not null default false,
  valid_until date,
  created_by_staff_id uuid not null references staff(id),
  created_at timestamptz not null,
  published_at timestamptz,
  closed_at timestamptz,
  check (min_age is null or max_age is null or min_age <= max_age)
);
create index offers_unit on offers (unit_id, created_at desc);

create table offer_targets (
  -- The target group, materialised when the offer is published.
  offer_id uuid not null references offers(id),
  person_id uuid not null references persons(id),
  notified_at timestamptz,
  booking_id uuid references bookings(id),
  created_at timestamptz not null,
  primary key (offer_id, person_id)
);
create index offer_targets_person on offer_targets (person_id);

-- A reserved time's holder is found by id: invitations and offers share the uuid space.
create index slots_reserved on slots (reserved_for, starts_at) where reserved_for is not null;
