-- Secure messages (issue 6): unit settings, topics and templates, conversations with their
-- immutable entries (messages and internal notes), attachments (content lives in FileStorage,
-- only its opaque key is here), browser push subscriptions and the VAPID key pair.
-- Forward-only. Times are timestamptz (UTC).

create table messaging_settings (
  unit_id uuid primary key references units(id),
  -- 'start': patients may start conversations; 'reply': only answer; 'none': no messages.
  patient_mode text not null check (patient_mode in ('start', 'reply', 'none')),
  target_working_days integer not null check (target_working_days between 1 and 30),
  updated_by_staff_id uuid references staff(id),
  updated_at timestamptz not null
);

create table messaging_topics (
  id uuid primary key,
  unit_id uuid not null references units(id),
  label_sv text not null,
  label_en text not null,
  position integer not null,
  -- A retired topic is no longer offered; conversations keep it.
  retired_at timestamptz,
  created_at timestamptz not null
);
create index messaging_topics_unit on messaging_topics (unit_id, position) where retired_at is null;

create table messaging_templates (
  id uuid primary key,
  unit_id uuid not null references units(id),
  title text not null,
  body text not null,
  created_by_staff_id uuid references staff(id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  deleted_at timestamptz
);
create index messaging_templates_unit on messaging_templates (unit_id) where deleted_at is null;

create table conversations (
  id uuid primary key,
  unit_id uuid not null references units(id),
  -- The patient the conversation is about.
  patient_id uuid not null references persons(id),
  topic_id uuid references messaging_topics(id),
  subject text not null,
  status text not null check (status in ('new', 'assigned', 'waiting_for_patient', 'closed')),
  allow_reply_when_closed boolean not null default false,
  assignee_staff_id uuid references staff(id),
  started_by text not null check (started_by in ('patient', 'staff')),
  -- The last entry's seq (messages and internal notes share one counter per conversation).
  last_seq integer not null default 0,
  -- The last entry the patient's side can see, its time and a short preview (for lists).
  last_visible_seq integer not null default 0,
  last_activity_at timestamptz not null,
  last_preview text not null default '',
  -- The staff side's newest activity of any kind (notes too), for the inbox order.
  last_unit_activity_at timestamptz not null,
  patient_read_seq integer not null default 0,
  patient_read_at timestamptz,
  unit_read_seq integer not null default 0,
  unit_read_at timestamptz,
  -- The oldest patient message the unit has not answered yet (null: nothing waiting).
  waiting_since timestamptz,
  created_at timestamptz not null,
  closed_at timestamptz,
  check ((status = 'closed') = (closed_at is not null)),
  check ((status = 'assigned') <= (assignee_staff_id is not null))
);
create index conversations_patient on conversations (patient_id, last_activity_at desc);
create index conversations_unit_status on conversations (unit_id, status, last_unit_activity_at desc);
create index conversations_unit_assignee on conversations (unit_id, assignee_staff_id) where status <> 'closed';

create table conversation_messages (
  id uuid primary key,
  conversation_id uuid not null references conversations(id),
  seq integer not null check (seq >= 1),
  -- An internal note: staff only, never shown or sent to the patient's side.
  internal boolean not null default false,
  author_kind text not null check (author_kind in ('patient', 'representative', 'staff')),
  author_person_id uuid references persons(id),
  author_staff_id uuid references staff(id),
  body text not null,
  -- The sender's retry key: the same client_id returns the message already stored.
  client_id uuid,
  created_at timestamptz not null,
  unique (conversation_id, seq),
  check ((author_kind = 'staff') = (author_staff_id is not null)),
  check ((author_kind = 'staff') = (author_person_id is null)),
  check (not internal or author_kind = 'staff')
);
create unique index conversation_messages_client on conversation_messages (client_id) where client_id is not null;

-- Messages are immutable once sent (a correction is a new message). Deleting is the retention
-- purge's job only (see docs/operations.md).
create function conversation_messages_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'conversation_messages are immutable: % is not allowed', tg_op
    using errcode = 'insufficient_privilege';
end;
$$;
create trigger conversation_messages_no_update before update on conversation_messages
  for each row execute function conversation_messages_immutable();

create table message_attachments (
  id uuid primary key,
  -- Random, opaque; the FileStorage key. Never derived from ids or names.
  storage_key text not null unique,
  -- Null while uploaded but not yet sent (a purge removes those after a day).
  message_id uuid references conversation_messages(id),
  conversation_id uuid references conversations(id),
  -- Who uploaded it: a citizen (for the patient `subject_person_id`) or staff in `unit_id`.
  uploaded_by_person_id uuid references persons(id),
  subject_person_id uuid references persons(id),
  uploaded_by_staff_id uuid references staff(id),
  unit_id uuid references units(id),
  filename text not null,
  content_type text not null check (content_type in ('image/jpeg', 'image/png', 'application/pdf')),
  size_bytes integer not null check (size_bytes > 0),
  width integer,
  height integer,
  sha256 text not null,
  created_at timestamptz not null,
  check ((uploaded_by_person_id is null) <> (uploaded_by_staff_id is null))
);
create index message_attachments_message on message_attachments (message_id);
create index message_attachments_pending on message_attachments (created_at) where message_id is null;

create table push_subscriptions (
  id uuid primary key,
  person_id uuid not null references persons(id),
  endpoint text not null unique,
  p256dh text not null,
  auth text not null,
  created_at timestamptz not null,
  last_success_at timestamptz
);
create index push_subscriptions_person on push_subscriptions (person_id);

-- The VAPID key pair when none is configured (development): generated once, shared by every instance.
create table messaging_vapid_keys (
  id integer primary key check (id = 1),
  public_key text not null,
  private_key text not null,
  created_at timestamptz not null
);
