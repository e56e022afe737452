-- Several instances (issue 14): which instances are alive, which instance carries
-- each running video meeting, and the live state of its participants (waiting room,
-- admitted, media flags), so that another instance can take a meeting over when
-- its carrier stops. Nothing of the media or the in-meeting chat is stored.
-- Forward-only.

create table cluster_instances (
  id text primary key,
  started_at timestamptz not null,
  -- Refreshed every few seconds (database time); an instance silent for longer is dead.
  seen_at timestamptz not null,
  draining boolean not null default false
);

create table video_rooms (
  meeting_id uuid primary key references video_meetings(id),
  -- The instance that runs the meeting's room (and its SFU for group meetings).
  owner_instance text not null,
  spotlight uuid,
  claimed_at timestamptz not null
);
create index video_rooms_owner on video_rooms (owner_instance);

create table video_live (
  participant_id uuid primary key references video_participants(id),
  meeting_id uuid not null references video_meetings(id),
  state text not null check (state in ('waiting', 'in_meeting')),
  audio boolean not null,
  video boolean not null,
  screen boolean not null,
  muted_by_host boolean not null default false,
  since timestamptz not null
);
create index video_live_meeting on video_live (meeting_id);
