-- Open data (issue 20): the daily dataset also carries the waiting room's peaks per
-- day (queue length at its highest, arrivals, admissions) — counts of anonymous
-- queue tickets, no personal data. Forward-only.
alter table open_data_snapshots add column waiting_room_peaks jsonb not null default '[]'::jsonb;
