-- Video meetings (issue 7): the meeting, who is in it, guest links and tickets.
-- Nothing of the media (and not the in-meeting chat) is stored. Joins and
-- leaves go to the audit log (patient meetings) and video_events (every meeting).
-- Forward-only. Times are timestamptz (UTC).

create table video_meetings (
  id uuid primary key,
  kind text not null check (kind in ('one_to_one', 'multi_party', 'group')),
  title text not null,
  unit_id uuid references units(id),
  -- The patient the meeting is about (null for e.g. a parent group).
  patient_person_id uuid references persons(id),
  -- A booked video visit has exactly one meeting.
  booking_id uuid unique references bookings(id),
  starts_at timestamptz,
  ends_at timestamptz,
  status text not null default 'scheduled' check (status in ('scheduled', 'open', 'ended')),
  locked boolean not null default false,
  created_by_staff_id uuid references staff(id),
  created_at timestamptz not null,
  ended_at timestamptz,
  check ((status = 'ended') = (ended_at is not null))
);
create index video_meetings_patient on video_meetings (patient_person_id) where patient_person_id is not null;
create index video_meetings_unit_start on video_meetings (unit_id, starts_at);

create table video_participants (
  id uuid primary key,
  meeting_id uuid not null references video_meetings(id),
  kind text not null check (kind in ('staff', 'citizen', 'guest')),
  staff_id uuid references staff(id),
  -- The citizen who joins (a guardian joins for a child: person = guardian, for_person = child).
  person_id uuid references persons(id),
  for_person_id uuid references persons(id),
  role text not null check (role in ('host', 'participant', 'guest')),
  relation text not null
    check (relation in ('clinician', 'patient', 'guardian', 'interpreter', 'relative', 'colleague', 'other')),
  display_name text not null,
  -- Guests: sha256 of the one-time link token, and when the link stops working.
  guest_token_hash text unique,
  guest_expires_at timestamptz,
  -- sha256 of the current join ticket (a new join replaces it; removal clears it).
  ticket_hash text unique,
  removed_at timestamptz,
  created_at timestamptz not null,
  check ((kind = 'staff') = (staff_id is not null)),
  check ((kind = 'citizen') = (person_id is not null)),
  check ((kind = 'guest') = (guest_token_hash is not null and guest_expires_at is not null))
);
create unique index video_participants_staff on video_participants (meeting_id, staff_id) where staff_id is not null;
create unique index video_participants_person on video_participants (meeting_id, person_id) where person_id is not null;
create index video_participants_staff_member on video_participants (staff_id) where staff_id is not null;
create index video_participants_citizen on video_participants (person_id) where person_id is not null;

-- Who entered and left which meeting when (no content). Patient meetings are also in audit_log.
create table video_events (
  id uuid primary key,
  meeting_id uuid not null references video_meetings(id),
  participant_id uuid not null references video_participants(id),
  event text not null check (event in ('waiting', 'admitted', 'denied', 'joined', 'left', 'removed', 'ended')),
  at timestamptz not null
);
create index video_events_meeting on video_events (meeting_id, at);
