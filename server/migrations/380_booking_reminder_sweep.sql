-- A booking's reminder is derived by a sweep instead of a job row written with every booking
-- (modules/booking/reminders.ts; docs/notes/rush.md "Session 7 — Rut"). The booking's own
-- statement writes one row and two index entries less; the reminder jobs of the times that
-- come within 24 h are inserted set-based, a minute's worth at a time, off the booking path.
--
-- `swept_to`: the sweep has queued the reminders of every booking whose time starts at or
-- before it (null: never swept — the first sweep starts at its own `now`). One row; a sweep
-- locks it, so instances take turns and each window is swept once.
create table booking_reminder_sweep (
  id int primary key check (id = 1),
  swept_to timestamptz
);
insert into booking_reminder_sweep (id, swept_to) values (1, null);

-- The reminder job of a booking has a derived id, md5('booking.reminder:' || booking id), so
-- that a window swept twice (or by two instances) inserts it once (`on conflict do nothing`).
-- The jobs the booking path wrote before this migration get that id too, for every booking
-- whose time has not started yet (one per booking): the first sweep then finds them and adds none.
update jobs j
   set id = md5('booking.reminder:' || (j.payload ->> 'bookingId'))::uuid
 where j.id in (select distinct on (x.payload ->> 'bookingId') x.id
                  from jobs x
                 where x.kind = 'booking.reminder'
                   and x.payload ? 'bookingId'
                   and x.run_at > now() - interval '24 hours'
                 order by x.payload ->> 'bookingId', x.created_at);
