-- Jobs that gave up after max_attempts are finished (done_at) and marked failed_at,
-- so they leave the due index and operations can find them.
alter table jobs add column failed_at timestamptz;
create index jobs_failed on jobs (failed_at desc) where failed_at is not null;
