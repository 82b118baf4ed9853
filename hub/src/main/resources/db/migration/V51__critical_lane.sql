-- Issue 15: a critical reading never waits behind the triage outbox. The batch that stores a message marks its outbox
-- row `critical` when a value may cross a CRITICAL floor or the patient's CRITICAL limit (decided in the same
-- transaction); the critical lane raises the alert from those rows ahead of any backlog and records when it did, so
-- the full triage of the same row later joins that alert and never opens a second one.
ALTER TABLE triage_outbox ADD COLUMN critical boolean NOT NULL DEFAULT false;
ALTER TABLE triage_outbox ADD COLUMN critical_alerted_at timestamptz;
CREATE INDEX triage_outbox_critical ON triage_outbox (id) WHERE critical;
