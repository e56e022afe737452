-- Continuity (issue 18): a unit registers an ongoing care episode (antenatal
-- care, a chronic condition) for a patient with a named care contact. The
-- patient sees "Din vårdkontakt" first on the entrance and writes to them
-- without triage; an active episode is a care relationship for the unit.
-- Forward-only.

create table care_episodes (
  id uuid primary key,
  unit_id uuid not null references units(id),
  patient_person_id uuid not null references persons(id),
  -- What the episode is, as the patient sees it (e.g. "Mödravård", "Diabetes").
  label text not null check (length(label) between 1 and 80),
  contact_staff_id uuid not null references staff(id),
  -- The inbox topic the patient's messages land under (a unit with topics needs one).
  topic_id uuid references messaging_topics(id),
  created_by_staff_id uuid not null references staff(id),
  created_at timestamptz not null,
  ended_at timestamptz,
  ended_by_staff_id uuid references staff(id)
);
create index care_episodes_patient on care_episodes (patient_person_id) where ended_at is null;
create index care_episodes_unit on care_episodes (unit_id, patient_person_id) where ended_at is null;
