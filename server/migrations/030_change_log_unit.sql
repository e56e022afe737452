-- Administration changes are read per care unit ("what happened at this unit"): a staff member's
-- role change is about the staff member (entity) but belongs to the unit it happened in.
alter table change_log add column unit_id uuid references units(id);
create index change_log_unit on change_log (unit_id, at desc) where unit_id is not null;
-- Several entries written in one transaction share a timestamp; the sequence keeps "newest first" exact.
alter table change_log add column seq bigint generated always as identity;
