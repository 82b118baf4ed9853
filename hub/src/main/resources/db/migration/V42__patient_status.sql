-- The patient's status (issue 13): admissions to hospital and other passive intervals written by staff, the end of
-- enrolment with its reason, a doctor's spirometry personal best, and one log of every status change.

-- V10 defined a passive interval as "patient admitted": rows written before this migration are admissions.
-- ADMISSION: readings are stored and scored but open no alert; no missed-measurement task; bed days in the figures.
-- HOLIDAY, OTHER: only no missed-measurement task (a patient away from home still alarms when a reading is abnormal).
ALTER TABLE passive_intervals
  ADD COLUMN kind text NOT NULL DEFAULT 'ADMISSION' CHECK (kind IN ('ADMISSION', 'HOLIDAY', 'OTHER')),
  ADD COLUMN ended_by text,
  ADD COLUMN ended_recorded_at timestamptz;
-- At most one admission without a discharge per patient; the store also refuses overlapping admissions.
CREATE UNIQUE INDEX passive_intervals_one_open_admission ON passive_intervals (patient_id)
  WHERE kind = 'ADMISSION' AND to_at IS NULL;

-- End of enrolment: from ended_at on, no schedule is due, no task opens, no patient-year counts and readings are
-- stored and scored but open no alert. Cleared again (with a log row) if it was recorded in error.
ALTER TABLE patients
  ADD COLUMN enrolment_ended_at timestamptz,
  ADD COLUMN enrolment_end_reason text CHECK (enrolment_end_reason IN ('WITHDRAWN', 'COMPLETED', 'DECEASED', 'MOVED')),
  ADD COLUMN enrolment_ended_by text,
  ADD CONSTRAINT patients_enrolment_end_complete
    CHECK ((enrolment_ended_at IS NULL) = (enrolment_end_reason IS NULL) AND (enrolment_ended_at IS NULL) = (enrolment_ended_by IS NULL));

-- Who set a personal best and why ('stable-session' rows, raised by triage, have neither).
ALTER TABLE spirometry_personal_best
  ADD COLUMN set_by text,
  ADD COLUMN reason text;

-- Every change of a patient's status by a person, in the transaction that makes it (append-only by convention:
-- no route edits it). action: admission, discharge, passive.start, passive.end, enrolment.end, enrolment.resume,
-- personal-best.set.
CREATE TABLE patient_status_log (
  id          bigserial PRIMARY KEY,
  patient_id  uuid NOT NULL REFERENCES patients (id),
  action      text NOT NULL,
  details     jsonb NOT NULL,
  changed_by  text NOT NULL CHECK (changed_by <> ''),
  changed_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX patient_status_log_patient ON patient_status_log (patient_id, changed_at);
