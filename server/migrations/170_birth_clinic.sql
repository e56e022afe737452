-- Birth-clinic wish (önskemål om förlossningsklinik): delivery clinics and their capacity per
-- ISO week, registered pregnancies with ranked wishes, and the allocation runs.

create table birth_clinics (
  -- A delivery clinic is a unit (its staff log in to it); location and address come from units.
  id uuid primary key,
  unit_id uuid not null unique references units(id),
  short_name text not null,
  description_sv text not null default '',
  description_en text not null default '',
  active boolean not null default true,
  created_at timestamptz not null
);

create table birth_capacity_plans (
  -- The planned births of a clinic in a year; a week gets the year spread evenly (packages/domain).
  clinic_id uuid not null references birth_clinics(id),
  year integer not null check (year between 2000 and 2100),
  births integer not null check (births >= 0 and births <= 100000),
  updated_at timestamptz not null,
  updated_by_staff_id uuid references staff(id),
  primary key (clinic_id, year)
);

create table birth_capacity_weeks (
  -- A week's adjustment: an explicit capacity and/or closed (takes no births that week).
  clinic_id uuid not null references birth_clinics(id),
  week text not null check (week ~ '^[0-9]{4}-W[0-9]{2}$'),
  capacity integer check (capacity is null or capacity between 0 and 10000),
  closed boolean not null default false,
  reason text not null default '',
  updated_at timestamptz not null,
  updated_by_staff_id uuid references staff(id),
  primary key (clinic_id, week)
);

create table pregnancies (
  id uuid primary key,
  person_id uuid not null references persons(id),
  antenatal_unit_id uuid not null references units(id),
  due_date date not null,
  delivery_week text not null,
  -- Wishes lock at this instant (00:00 Stockholm on 22+0 by default); moves with the due date.
  cutoff_at timestamptz not null,
  status text not null check (status in ('active', 'ended')),
  registered_at timestamptz not null,
  registered_by_staff_id uuid references staff(id),
  -- Ranked delivery clinics (at most three); version guards concurrent changes.
  wish_clinic_ids uuid[] not null default '{}',
  wishes_version integer not null default 0,
  wishes_updated_at timestamptz,
  wishes_updated_by text check (wishes_updated_by in ('citizen', 'staff')),
  wishes_reason text,
  -- The allocation: provisional until told_at is set.
  allocated_clinic_id uuid references birth_clinics(id),
  allocation_basis text check (allocation_basis in ('kept', 'wish', 'nearest', 'over_plan', 'none', 'override')),
  allocation_rank integer,
  allocation_reason text,
  allocation_run_id uuid,
  allocated_at timestamptz,
  told_at timestamptz,
  reminded_at timestamptz,
  override_reason text,
  override_by_staff_id uuid references staff(id),
  ended_at timestamptz,
  updated_at timestamptz not null,
  check (cardinality(wish_clinic_ids) <= 3)
);
-- One active registration per person: a second registration is refused (409).
create unique index pregnancies_one_active on pregnancies (person_id) where status = 'active';
create index pregnancies_antenatal on pregnancies (antenatal_unit_id, due_date) where status = 'active';
create index pregnancies_clinic_week on pregnancies (allocated_clinic_id, delivery_week) where status = 'active';
create index pregnancies_week on pregnancies (delivery_week) where status = 'active';

create table birth_allocation_runs (
  id uuid primary key,
  started_at timestamptz not null,
  finished_at timestamptz not null,
  considered integer not null,
  changed integer not null,
  told integer not null,
  moved integer not null,
  first_wish_share double precision not null,
  fallback_share double precision not null,
  trigger text not null
);
