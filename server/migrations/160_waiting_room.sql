-- The waiting room (issue 15): rooms a region administrator (or the load switch)
-- opens in front of login and booking, the signing secret of queue tickets, and
-- samples for the dashboard's chart. Tickets themselves are never stored: they
-- are signed cookies, and the counters that order them live in the hub (Redis).
-- Forward-only. Times are timestamptz (UTC).

create table waiting_rooms (
  id uuid primary key,
  -- 'app': login and every booking; 'time_type': booking of one time type (and login while it runs).
  scope text not null check (scope in ('app', 'time_type')),
  time_type_id uuid references time_types(id),
  -- 'manual' (switched on by an administrator), 'auto' (switched on by load).
  origin text not null check (origin in ('manual', 'auto')),
  admission text not null check (admission in ('rate', 'capacity')),
  rate_per_minute integer not null check (rate_per_minute between 1 and 1000000),
  capacity integer not null check (capacity between 1 and 1000000),
  admitted_valid_seconds integer not null check (admitted_valid_seconds between 60 and 7200),
  -- Tickets issued from here on are in the prequeue (shuffled at release_at).
  prequeue_opens_at timestamptz not null,
  release_at timestamptz not null,
  -- The shuffle seed (64 hex) is secret until release_at; its SHA-256 is public from the start.
  seed text not null,
  seed_sha256 text not null,
  -- Frozen by the first instance that sees the release moment pass: arrivals 1..n were the prequeue.
  prequeue_count integer,
  base_serving integer not null default 0,
  base_at timestamptz not null,
  paused_at timestamptz,
  ended_at timestamptz,
  created_by_staff_id uuid references staff(id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check ((scope = 'time_type') = (time_type_id is not null)),
  check (release_at >= prequeue_opens_at)
);
-- One room at a time per scope (the whole app, or one time type).
create unique index waiting_rooms_one_live on waiting_rooms (coalesce(time_type_id, '00000000-0000-0000-0000-000000000000'::uuid))
  where ended_at is null;

create table waiting_room_secrets (
  -- One row: the HMAC key every instance signs and checks tickets with (unless WAITING_ROOM_SECRET is set).
  id integer primary key check (id = 1),
  secret text not null,
  created_at timestamptz not null default now()
);

create table waiting_room_samples (
  -- The dashboard's chart: one row per room and 10-second bucket, whichever instance writes first.
  room_id uuid not null references waiting_rooms(id),
  at timestamptz not null,
  arrivals integer not null,
  serving integer not null,
  admitted integer not null,
  completed integer not null,
  primary key (room_id, at)
);
