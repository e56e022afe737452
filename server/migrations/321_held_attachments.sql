-- Photo in triage (issue 18): a citizen's upload (messaging's checked, cleaned,
-- stored attachment) can be held by another module's record instead of being
-- sent with a message — a triage answer ("rash with a photo"). A held row is
-- not a pending upload: the retention purge of unsent uploads skips it, it
-- does not count against the pending-upload limit, and it cannot be sent with
-- a message. `held_ref` is the holding record (the triage session).
-- Forward-only.

alter table message_attachments add column held_by text check (held_by in ('triage'));
alter table message_attachments add column held_ref uuid;
alter table message_attachments add constraint message_attachments_held_ref_check
  check ((held_by is null) = (held_ref is null));
create index message_attachments_held on message_attachments (held_by, held_ref) where held_by is not null;
