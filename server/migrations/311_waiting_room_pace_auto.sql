-- Admission pace that follows the servers' load (issue 15, rate mode "auto"):
-- rate_per_minute stays the administrator's ceiling; paced_rate_per_minute is
-- the pace the instances have set from their load signals (null: the ceiling).
alter table waiting_rooms add column pace_auto boolean not null default false;
alter table waiting_rooms add column paced_rate_per_minute integer
  check (paced_rate_per_minute between 1 and 1000000);
