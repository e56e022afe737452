-- Text messages (SMS) the development outbox caught instead of sending (SMS_URL unset outside
-- production): what `npm start` shows on the dev page and what tests read, like dev_mailbox.
create table dev_sms_outbox (
  id uuid primary key,
  sent_at timestamptz not null,
  sms_to text not null,
  sms_from text not null,
  body text not null
);
create index dev_sms_outbox_sent on dev_sms_outbox (sent_at desc);
