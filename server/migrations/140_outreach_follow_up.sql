-- Issue 12: a unit that sends an invitation to a patient it has no care
-- relationship with must state why; the sending is followed up like an emergency
-- access (same list, same review) but grants no access to the record. The kind
-- tells the two apart: only 'emergency' rows open a patient's data.
-- Forward-only.
alter table emergency_accesses
  add column kind text not null default 'emergency' check (kind in ('emergency', 'outreach'));
