-- BankID login: an index for purging old orders, and the simulator's rule that a
-- person has at most one pending order (a second start is refused with alreadyInProgress,
-- and the unique index keeps two simultaneous starts on two instances from both succeeding).
create index bankid_orders_started on bankid_orders (started_at);
create index bankid_sim_orders_created on bankid_sim_orders (created_at);
create unique index bankid_sim_orders_one_pending on bankid_sim_orders (requested_pnr)
  where status = 'pending' and requested_pnr is not null;
