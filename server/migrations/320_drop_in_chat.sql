-- Chat drop-in (issue 18): a unit opens its drop-in queue as video or as
-- chat. A chat turn is a conversation in the unit's inbox (messaging), started
-- by the nurse who takes the patient; the entry keeps it like a video turn
-- keeps its meeting. A unit has one open drop-in queue at a time, of either
-- kind (a triage routed to the unit's drop-in joins whichever is open).
-- Forward-only.

alter table drop_in_queues drop constraint drop_in_queues_kind_check;
alter table drop_in_queues add constraint drop_in_queues_kind_check check (kind in ('video', 'chat'));
create unique index drop_in_queues_one_open_per_unit on drop_in_queues (unit_id) where status = 'open';

alter table drop_in_entries add column conversation_id uuid references conversations(id);
