-- Errand types per unit (ärendetyper, issue 18): the region's templates are
-- data in packages/domain (triage/errands.ts); a unit switches a template on
-- here, with its own response-time goal and the inbox topic the errand lands
-- under (a unit with topics needs one). Forward-only.

create table unit_errand_types (
  unit_id uuid not null references units(id),
  kind text not null check (kind in ('prescription_renewal', 'certificate', 'contact_me', 'journal_copy', 'book_time', 'ask_question')),
  enabled boolean not null,
  response_days integer check (response_days between 0 and 30),
  topic_id uuid references messaging_topics(id),
  updated_by_staff_id uuid references staff(id),
  updated_at timestamptz not null,
  primary key (unit_id, kind)
);
