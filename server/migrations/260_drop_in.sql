-- The drop-in queue ("digital väntrum", issue 18): a unit opens a video queue
-- for set hours; patients whose triage was routed there wait in order of
-- urgency, then arrival; staff take the next one. All state is here, so any
-- instance can serve any step. Forward-only. Times are timestamptz (UTC).

create table drop_in_queues (
  id uuid primary key,
  unit_id uuid not null references units(id),
  kind text not null check (kind in ('video')),
  status text not null check (status in ('open', 'closed')),
  opened_by_staff_id uuid not null references staff(id),
  opened_at timestamptz not null,
  -- The set hours: the queue closes by itself at this time (the sweep closes it).
  closes_at timestamptz not null,
  -- How long a called patient has to answer before going back in the queue (once).
  answer_minutes integer not null check (answer_minutes between 1 and 60),
  closed_at timestamptz,
  check ((status = 'closed') = (closed_at is not null)),
  check (closes_at > opened_at)
);
-- One open queue per unit and kind.
create unique index drop_in_queues_one_open on drop_in_queues (unit_id, kind) where status = 'open';

create table drop_in_entries (
  id uuid primary key,
  queue_id uuid not null references drop_in_queues(id),
  -- One entry per triage decision: joining twice answers with the same entry.
  decision_id uuid not null unique references triage_decisions(id),
  session_id uuid not null references triage_sessions(id),
  subject_person_id uuid not null references persons(id),
  -- Who joined (a guardian for a child): the one told when it is their turn.
  actor_person_id uuid not null references persons(id),
  -- Index in URGENCY_LEVELS (0 = most urgent): the queue's first sort key.
  urgency_rank integer not null check (urgency_rank >= 0),
  -- The second sort key: arrival (reset when a patient goes back in the queue).
  queued_at timestamptz not null,
  status text not null check (status in ('waiting', 'called', 'answered', 'removed')),
  called_at timestamptz,
  called_by_staff_id uuid references staff(id),
  answer_by timestamptz,
  meeting_id uuid references video_meetings(id),
  -- A patient who does not answer goes back once; the second time they are removed.
  requeued boolean not null default false,
  removed_reason text check (removed_reason in ('no_answer', 'queue_closed', 'left')),
  ended_at timestamptz,
  check ((status = 'removed') = (removed_reason is not null)),
  check (status <> 'called' or (called_at is not null and answer_by is not null))
);
-- Take-next reads the head of one queue's waiting entries.
create index drop_in_entries_waiting on drop_in_entries (queue_id, urgency_rank, queued_at) where status = 'waiting';
create index drop_in_entries_called on drop_in_entries (answer_by) where status = 'called';
create index drop_in_entries_actor on drop_in_entries (actor_person_id);
