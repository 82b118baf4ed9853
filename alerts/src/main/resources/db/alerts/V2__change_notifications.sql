-- Every alert change (open, raise, acknowledge, escalate, resolve...) is a row in alert_transitions. Announce it at
-- commit on channel alerts_changed, so every hub instance sharing this database pushes it to its live screens at
-- once instead of at its next poll. Once per statement with an empty payload: PostgreSQL folds identical
-- notifications of one transaction into one, and the listener reads the rows itself (a lost notification is caught
-- up by its poll).
CREATE FUNCTION alerts_notify_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('alerts_changed', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER alert_transitions_notify AFTER INSERT ON alert_transitions
  FOR EACH STATEMENT EXECUTE FUNCTION alerts_notify_changed();
