-- A booking's update of its time (booked + 1) as a HOT update: no new index entries
-- (docs/performance.md, "What a booking writes"; counted with `npm run bench:rows`).
--
-- Before, the partial index slots_free named `booked` in its predicate (booked < capacity),
-- so every change of `booked` was a non-HOT update: a new entry in each of the five indexes
-- of slots (the random leaf pages of 2.5 million-entry indexes, each a full-page image after
-- a checkpoint). Now the predicate names `sold_out`, a stored generated column that changes
-- only when a time fills up or a full time frees a place: a booking that leaves places free
-- (or the cancellation of one) changes no indexed column and, with room on the page, stays
-- a HOT update. The search names `not s.sold_out` word for word as before (slot-store.ts),
-- so the index serves exactly the same rows (booked < capacity ⇔ not sold_out).
alter table slots add column sold_out boolean generated always as (booked >= capacity) stored;

drop index slots_free;
create index slots_free on slots (time_type_id, starts_at, id)
  where withdrawn_at is null and reserved_for is null and not sold_out;

-- Room on each page for the new version of an updated row (HOT needs the same page). Applies
-- to pages written from now on (the bench's generated timebook; new slot batches).
alter table slots set (fillfactor = 90);
