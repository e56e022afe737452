-- Citizen support (issue 16): one case queue from the in-app chat, the public contact form and
-- e-mail; first- and second-line agents, standard answers, a public help centre, information posts
-- with read status, deviation reports, and the inbound-mail log (loops, refusals, reply caps).
-- Forward-only. Times are timestamptz (UTC).

create table support_agents (
  staff_id uuid primary key references staff(id),
  available boolean not null default false,
  max_concurrent integer not null default 3 check (max_concurrent between 1 and 20),
  last_assigned_at timestamptz,
  updated_at timestamptz not null
);

create table support_cases (
  id uuid primary key,
  reference text not null unique,
  channel text not null check (channel in ('chat', 'web', 'email')),
  status text not null check (status in ('new', 'open', 'waiting', 'escalated', 'closed', 'merged')),
  -- A logged-in citizen (identity known); null for the public form and e-mail.
  person_id uuid references persons(id),
  contact_name text,
  contact_email text,
  subject text not null,
  locale text not null default 'sv' check (locale in ('sv', 'en')),
  assignee_staff_id uuid references staff(id),
  -- Round robin: when the case was offered to the assignee (accepted_at set when they open it).
  offered_at timestamptz,
  accepted_at timestamptz,
  escalated_at timestamptz,
  escalation_note text,
  created_at timestamptz not null,
  -- The SLA clock: first-answer deadline on the opening-hours calendar, and the answer itself.
  first_answer_due_at timestamptz,
  first_answer_at timestamptz,
  first_answer_open_minutes integer,
  breach_escalated_at timestamptz,
  -- Since when the citizen has been waiting for us (null while we wait for them).
  waiting_since timestamptz,
  last_activity_at timestamptz not null,
  closed_at timestamptz,
  merged_into_id uuid references support_cases(id),
  -- E-mail threading: the Message-IDs of the thread so far (newest last).
  mail_refs text[] not null default '{}',
  -- Answers by mail are not sent for auto-replies/bulk mail (RFC 3834).
  mail_no_reply_reason text,
  rating integer check (rating between 1 and 5),
  rating_comment text,
  rated_at timestamptz
);
create index support_cases_queue on support_cases (status, waiting_since) where status in ('new', 'open', 'waiting', 'escalated');
create index support_cases_assignee on support_cases (assignee_staff_id, status) where status in ('new', 'open', 'waiting', 'escalated');
create index support_cases_person on support_cases (person_id, created_at desc) where person_id is not null;
create index support_cases_created on support_cases (created_at);
create index support_cases_free on support_cases (created_at) where status = 'new' and assignee_staff_id is null;
create index support_cases_first_answer on support_cases (first_answer_at) where first_answer_at is not null;
create index support_cases_email on support_cases (lower(contact_email)) where contact_email is not null;

create table support_messages (
  id uuid primary key,
  case_id uuid not null references support_cases(id),
  author_kind text not null check (author_kind in ('citizen', 'agent', 'system', 'note')),
  author_staff_id uuid references staff(id),
  -- Plain text only: HTML mail is sanitised to text on the way in and never rendered raw.
  body text not null,
  channel text not null check (channel in ('chat', 'web', 'email', 'internal')),
  -- The Message-ID of a mail in or out, for threading.
  message_id text,
  attachments_refused integer not null default 0,
  created_at timestamptz not null
);
create index support_messages_case on support_messages (case_id, created_at);
create unique index support_messages_message_id on support_messages (message_id) where message_id is not null;

create table support_standard_answers (
  id uuid primary key,
  shortcut text not null unique,
  title text not null,
  body text not null,
  version integer not null default 1,
  last_reviewed_at timestamptz not null,
  updated_by_staff_id uuid references staff(id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  retired_at timestamptz
);

create table support_standard_answer_versions (
  answer_id uuid not null references support_standard_answers(id),
  version integer not null,
  title text not null,
  body text not null,
  saved_by_staff_id uuid references staff(id),
  saved_at timestamptz not null,
  primary key (answer_id, version)
);

create table support_articles (
  id uuid primary key,
  slug text not null,
  locale text not null check (locale in ('sv', 'en')),
  title text not null,
  body text not null,
  keywords text not null default '',
  status text not null check (status in ('draft', 'published')),
  published_at timestamptz,
  updated_by_staff_id uuid references staff(id),
  updated_at timestamptz not null,
  unique (slug, locale)
);

create table support_info_posts (
  id uuid primary key,
  title text not null,
  body text not null,
  author_staff_id uuid not null references staff(id),
  created_at timestamptz not null
);

create table support_info_reads (
  post_id uuid not null references support_info_posts(id),
  staff_id uuid not null references staff(id),
  read_at timestamptz not null,
  primary key (post_id, staff_id)
);

create table support_deviations (
  id uuid primary key,
  category text not null check (category in ('technical', 'operational', 'supply')),
  description text not null,
  reported_by_staff_id uuid not null references staff(id),
  status text not null check (status in ('new', 'acknowledged', 'forwarded')),
  acknowledged_by_staff_id uuid references staff(id),
  acknowledged_at timestamptz,
  forwarded_to text,
  forwarded_at timestamptz,
  created_at timestamptz not null
);

create table support_deviation_cases (
  deviation_id uuid not null references support_deviations(id),
  case_id uuid not null references support_cases(id),
  primary key (deviation_id, case_id)
);

-- Every inbound mail, whatever became of it: nothing is lost, and the loop/cap rules have a record.
create table support_inbound_mail (
  id uuid primary key,
  received_at timestamptz not null,
  -- 'case' (new or threaded), or why it was set aside: 'own_address', 'agent_address', 'malformed'.
  verdict text not null,
  case_id uuid references support_cases(id),
  mail_from text not null,
  subject text not null,
  -- Kept only for mail set aside (the case holds the rest).
  quarantined_text text
);
create index support_inbound_mail_at on support_inbound_mail (received_at desc);

-- Answers sent by mail, for the per-address hourly cap (the address is stored lower-cased).
create table support_mail_sent (
  id uuid primary key,
  address text not null,
  case_id uuid not null references support_cases(id),
  message_id text not null,
  sent_at timestamptz not null
);
create index support_mail_sent_address on support_mail_sent (address, sent_at desc);
