-- Change notifications: every statement that writes one of the tables below announces the
-- table's name on the `secpipe_changes` channel (LISTEN/NOTIFY). Readers that keep answers in
-- memory (the API's response cache) drop what depends on that table as soon as the writing
-- transaction commits, whoever the writer is: a service, a retention run or psql.
-- Statement-level triggers: one notification per statement, not per row, and PostgreSQL
-- folds identical notifications of one transaction into one.

CREATE OR REPLACE FUNCTION secpipe_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('secpipe_changes', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;

CREATE TRIGGER cameras_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "cameras"
  FOR EACH STATEMENT EXECUTE FUNCTION secpipe_notify_change();
CREATE TRIGGER events_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "events"
  FOR EACH STATEMENT EXECUTE FUNCTION secpipe_notify_change();
CREATE TRIGGER event_detections_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "event_detections"
  FOR EACH STATEMENT EXECUTE FUNCTION secpipe_notify_change();
CREATE TRIGGER detections_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "detections"
  FOR EACH STATEMENT EXECUTE FUNCTION secpipe_notify_change();
