-- Which triage last moved a patient on (issue 15): every triage batch writes a fresh stamp for its patients, under
-- their triage locks. A hub that remembers a patient's triaged readings uses that memory only while the stamp is the
-- one it wrote itself; after a restart, another hub's triage or a transaction that did not commit, it loads afresh.
CREATE TABLE triage_patient_stamps (
  patient_id  uuid PRIMARY KEY,
  stamp       uuid NOT NULL
);

-- The readings a batch has not triaged yet are read by the outbox's patient and measurement time, so that a
-- patient's later rows in a backlog are not read for every batch.
CREATE INDEX triage_outbox_patient_time ON triage_outbox (patient_id, measured_at);
