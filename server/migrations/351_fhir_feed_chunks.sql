-- The slot feed's files stored in chunks (issue 20, bounded memory): a file is
-- written and served a chunk at a time, never whole in one process's memory.
-- Forward-only. The old one-text-per-file content goes; the next generation
-- rebuilds every file (the state is reset so the first request regenerates).

delete from fhir_feed_files;
delete from fhir_feed_state;

alter table fhir_feed_files drop column content;
-- Which stored version of the file is current (its chunks), and the one before
-- it (kept for one more generation so that a download already under way ends).
alter table fhir_feed_files add column version text not null;
alter table fhir_feed_files add column previous_version text;
-- Sizes of the plain and gzipped bytes (gzip only for files of 2 kB or more).
alter table fhir_feed_files add column bytes integer not null;
alter table fhir_feed_files add column gzip_bytes integer;

-- kind 'plain' or 'gzip'; seq from 0. Chunks are at most a few hundred kB.
create table fhir_feed_chunks (
  name text not null,
  version text not null,
  kind text not null check (kind in ('plain', 'gzip')),
  seq integer not null,
  content bytea not null,
  primary key (name, version, kind, seq)
);
