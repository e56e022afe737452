-- Capacity following the servers' load (issue 15, capacity mode "auto"): pace_auto
-- (migration 311) is the one switch for both modes; capacity stays the administrator's
-- ceiling and paced_capacity is the effective capacity the instances have set from
-- their load signals (null: the ceiling).
alter table waiting_rooms add column paced_capacity integer
  check (paced_capacity between 1 and 1000000);
