-- Every message costs the outbox an insert at ingest and a delete at triage, in each of its indexes. The
-- (patient_id, id) index only served the triage claim's question whether a patient has an earlier row still
-- waiting for the critical lane; those rows are few, so a partial index over them answers it, and the other
-- rows no longer pay for it (docs/benchmark.md, "What a message costs").
CREATE INDEX triage_outbox_critical_patient ON triage_outbox (patient_id, id) WHERE critical;
DROP INDEX triage_outbox_patient;
