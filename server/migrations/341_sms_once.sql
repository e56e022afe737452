-- SMS notices at most once per event (booking confirmed/rebooked/cancelled/reminded, per
-- recipient): `sms.queueOnce` inserts the event's key in the caller's transaction and queues the
-- 'sms.send' job only when the key is new, so a job retried after its transaction committed (a
-- lost "done" mark, an expired claim taken by another instance) queues no second SMS. Keys are
-- ids only ("booking:<uuid>:reminder:<uuid>"), never a number or a text.
create table sms_once (
  key text primary key,
  created_at timestamptz not null
);
create index sms_once_created on sms_once (created_at);

-- The dev outbox stores each 'sms.send' job once: a retried job (sent, but the done mark lost)
-- does not show twice.
alter table dev_sms_outbox add column job_id uuid;
create unique index dev_sms_outbox_job on dev_sms_outbox (job_id);
