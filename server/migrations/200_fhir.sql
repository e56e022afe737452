-- FHIR and open data (issue 20): the generated SMART Scheduling Links feed, the
-- citizens' "download my data" exports, and the daily open dataset.
-- Forward-only. Times are timestamptz (UTC).

-- One row: which generation of the public slot feed is current. Instances read
-- it (cheaply, at most once a second) to know whether their in-memory copy is
-- stale; `lease_until` lets one instance regenerate while the others serve.
create table fhir_feed_state (
  id smallint primary key check (id = 1),
  generation text not null,
  generated_at timestamptz not null,
  lease_until timestamptz
);

-- The generated files of the current generation (the manifest's outputs).
-- `changed_at` is the generation time at which the content last changed, which
-- answers a manifest request with `_since`.
create table fhir_feed_files (
  name text primary key,
  resource_type text not null check (resource_type in ('Location', 'Schedule', 'Slot')),
  -- Sharding facts for the manifest's filters (null for Location / Schedule files).
  time_type_code text,
  municipality text,
  content text not null,
  etag text not null,
  resources integer not null,
  changed_at timestamptz not null
);

-- "Ladda ner mina uppgifter": one export per request, bound to the person who
-- asked; the content is dropped when the link expires (swept).
create table fhir_exports (
  id uuid primary key,
  requested_by_person_id uuid not null references persons(id),
  subject_person_id uuid not null references persons(id),
  on_behalf_relation text check (on_behalf_relation in ('guardian', 'ombud')),
  status text not null check (status in ('pending', 'ready', 'failed', 'expired')),
  bundle text,
  summary_html text,
  created_at timestamptz not null,
  ready_at timestamptz,
  expires_at timestamptz,
  check ((status = 'ready') = (bundle is not null))
);
create index fhir_exports_requester on fhir_exports (requested_by_person_id, created_at desc);

-- The daily open dataset (aggregated, suppressed), one row per snapshot day.
create table open_data_snapshots (
  day date primary key,
  generated_at timestamptz not null,
  rows jsonb not null
);
