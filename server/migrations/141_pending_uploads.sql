-- Issue 12: uploads not yet sent are capped per uploader; this index answers the count.
-- Forward-only.
create index message_attachments_pending_person on message_attachments (uploaded_by_person_id) where message_id is null;
create index message_attachments_pending_staff on message_attachments (uploaded_by_staff_id) where message_id is null;
