-- Ombud: an adult lets another adult act for them, for chosen scopes, until an end date.
-- Forward-only. Times are timestamptz (UTC).

create table proxy_grants (
  id uuid primary key,
  grantor_person_id uuid not null references persons(id),
  ombud_person_id uuid not null references persons(id),
  scopes text[] not null,
  -- 00:00 Stockholm the day after the chosen end date (the grant works through that whole day).
  expires_at timestamptz not null,
  status text not null check (status in ('pending', 'active', 'ended')),
  created_at timestamptz not null,
  accepted_at timestamptz,
  ended_at timestamptz,
  -- 'expiry': closed by the system when a new grant replaced an expired one.
  ended_by text check (ended_by in ('grantor', 'ombud', 'expiry')),
  -- Registered by care staff for a person who cannot use BankID: who, in which unit, why.
  registered_by_staff_id uuid references staff(id),
  registered_unit_id uuid references units(id),
  registration_reason text,
  check (grantor_person_id <> ombud_person_id),
  check (cardinality(scopes) > 0 and scopes <@ array['booking', 'messages', 'video', 'invitations']::text[]),
  check ((status = 'ended') = (ended_at is not null and ended_by is not null)),
  check (status = 'pending' or accepted_at is not null or status = 'ended'),
  check ((registered_by_staff_id is null) = (registration_reason is null))
);
-- One open grant per pair: two simultaneous requests cannot both create one.
create unique index proxy_grants_open_pair on proxy_grants (grantor_person_id, ombud_person_id)
  where status in ('pending', 'active');
create index proxy_grants_ombud on proxy_grants (ombud_person_id) where status in ('pending', 'active');
create index proxy_grants_grantor on proxy_grants (grantor_person_id);

-- Refused attempts to act for someone are kept in the care-access refusal log (migration 060);
-- a citizen's attempt names the citizen instead of a staff member.
alter table access_refusals add column actor_person_id uuid references persons(id);
create index access_refusals_actor_person on access_refusals (actor_person_id, at desc)
  where actor_person_id is not null;
