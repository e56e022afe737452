-- A booking's unit and time type are copies of its time's (slots.unit_id, slots.time_type_id,
-- both foreign keys), taken from the slot's facts when it is booked (book-store.ts).
-- Their own foreign keys on bookings checked nothing the slot's do not, at a cost per booking:
-- an RI trigger each (a lookup and a FOR KEY SHARE row lock on the unit's and the type's row).
-- In a rush those rows are shared by every booking at once — one type for a whole release, a
-- few hundred units — so the locks are a heap-lock WAL record on a shared page per batch and
-- unit, and a multixact when two transactions hold one (as audit_log's were, migration 080). They stay guarded through the slot: a
-- unit or type with times cannot be deleted (slots' foreign keys), a booking's slot cannot be
-- deleted (its own foreign key below), and the booking's copies equal the slot's. The application
-- deletes neither units nor types (a type is retired: time_types.retired_at).
-- The booking's foreign keys to its slot, its patient and the one who booked stay.
alter table bookings
  drop constraint if exists bookings_unit_id_fkey,
  drop constraint if exists bookings_time_type_id_fkey;
