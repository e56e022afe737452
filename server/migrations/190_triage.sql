-- Triage (issue 18, "En väg in"): questionnaires as versioned FHIR documents,
-- citizen and staff triage sessions (drafts kept a day), every decision with
-- the version, the answers and the outcome, staff overrides, and per-unit
-- routing facts. Forward-only. Times are timestamptz (UTC).

create table triage_questionnaires (
  id uuid primary key,
  -- The FHIR canonical url; a response names `url|version`.
  url text not null unique,
  title text not null,
  created_by_staff_id uuid references staff(id),
  created_at timestamptz not null
);

create table triage_versions (
  id uuid primary key,
  questionnaire_id uuid not null references triage_questionnaires(id),
  version integer not null check (version > 0),
  status text not null check (status in ('draft', 'published', 'superseded')),
  -- The FHIR Questionnaire with the rules and test bench as extensions.
  document jsonb not null,
  created_by_staff_id uuid references staff(id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  published_by_staff_id uuid references staff(id),
  published_at timestamptz,
  superseded_at timestamptz,
  unique (questionnaire_id, version),
  check ((status = 'draft') = (published_at is null))
);
create unique index triage_versions_one_draft on triage_versions (questionnaire_id) where status = 'draft';
create unique index triage_versions_one_published on triage_versions (questionnaire_id) where status = 'published';

-- A published version is never changed, only superseded (the service refuses too;
-- this holds for any other writer).
create function triage_version_frozen() returns trigger language plpgsql as $$
begin
  if old.status <> 'draft' and new.document is distinct from old.document then
    raise exception 'triage version % is published and cannot change', old.id;
  end if;
  if old.status = 'superseded' and new.status <> 'superseded' then
    raise exception 'triage version % is superseded', old.id;
  end if;
  return new;
end $$;
create trigger triage_versions_frozen before update on triage_versions
  for each row execute function triage_version_frozen();

create table triage_sessions (
  id uuid primary key,
  version_id uuid not null references triage_versions(id),
  subject_person_id uuid not null references persons(id),
  channel text not null check (channel in ('citizen', 'staff')),
  -- Citizen channel: who answered (a guardian for a child). Staff channel: the nurse and unit.
  actor_person_id uuid references persons(id),
  actor_staff_id uuid references staff(id),
  unit_id uuid references units(id),
  -- Answers by linkId (health data: read only through the service, never logged).
  answers jsonb not null default '{}',
  status text not null check (status in ('draft', 'decided')),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  -- A draft is removed after this (a day after the last answer).
  expires_at timestamptz not null,
  check ((channel = 'citizen') = (actor_person_id is not null)),
  check ((channel = 'staff') = (actor_staff_id is not null))
);
create index triage_sessions_draft_expiry on triage_sessions (expires_at) where status = 'draft';
create index triage_sessions_subject on triage_sessions (subject_person_id, created_at);

create table triage_decisions (
  id uuid primary key,
  -- One decision per session: a second submit finds this row and answers with it.
  session_id uuid not null unique references triage_sessions(id),
  version_id uuid not null references triage_versions(id),
  subject_person_id uuid not null references persons(id),
  channel text not null check (channel in ('citizen', 'staff')),
  decided_by_staff_id uuid references staff(id),
  -- The QuestionnaireResponse as decided on.
  response jsonb not null,
  kind text not null check (kind in ('outcome', 'red_flag', 'talk_to_someone')),
  rule_id text,
  red_flag_id text,
  urgency text not null,
  visit_form text not null,
  profession text not null,
  competence text,
  route text not null,
  requested_route text,
  unit_id uuid references units(id),
  routing_reason text not null,
  article_id text,
  booking_type text,
  decided_at timestamptz not null
);
create index triage_decisions_week on triage_decisions (decided_at);
create index triage_decisions_subject on triage_decisions (subject_person_id, decided_at);

create table triage_overrides (
  id uuid primary key,
  decision_id uuid not null references triage_decisions(id),
  staff_id uuid not null references staff(id),
  unit_id uuid not null references units(id),
  route text not null,
  urgency text not null,
  reason text not null check (length(reason) between 1 and 500),
  created_at timestamptz not null
);
create index triage_overrides_decision on triage_overrides (decision_id);
create index triage_overrides_created on triage_overrides (created_at);

-- What routing needs to know about a unit beyond its opening hours (units.opening_hours).
create table triage_unit_settings (
  unit_id uuid primary key references units(id),
  offers text[] not null default '{}',
  age_min integer check (age_min >= 0),
  age_max integer check (age_max >= 0),
  -- The region-wide unit that takes over outside the other units' hours (at most one).
  night_unit boolean not null default false,
  open_on_holidays boolean not null default false,
  updated_at timestamptz not null
);
create unique index triage_unit_settings_one_night on triage_unit_settings (night_unit) where night_unit;
