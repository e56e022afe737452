-- Rumour day (issue 15, session 5): the embedded BankID simulator is BankID's side, not the
-- region's, so its orders now live in the hub (Redis with several instances, memory otherwise;
-- modules/bankid/sim-store.ts) instead of loading the region's database with four statements a
-- login. Nothing else reads this table. Forward-only.
drop table if exists bankid_sim_orders;
