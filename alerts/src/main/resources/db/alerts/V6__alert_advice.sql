-- A doctor's advice back to the nurse on an alert: a structured instruction (what the clinic should do next) with
-- free text, given from the alert page behind a page's link or by a logged-in doctor. Kept beside the alert's
-- history (an ADVISE transition records who and when); the triage board shows each alert's latest advice.
CREATE TABLE alert_advice (
  id          bigserial PRIMARY KEY,
  alert_id    uuid        NOT NULL REFERENCES alerts (id),
  at          timestamptz NOT NULL,
  actor_id    text        NOT NULL,
  actor_name  text,
  instruction text        NOT NULL CHECK (instruction IN ('CALL_PATIENT_NOW', 'CALL_PATIENT_TODAY', 'START_RESCUE_PACK',
                                                          'ACUTE_HOME_VISIT', 'REFER_ACUTE_ADMISSION', 'REPEAT_MEASUREMENT',
                                                          'NO_ACTION')),
  note        text CHECK (note IS NULL OR length(note) <= 1000)
);
CREATE INDEX alert_advice_by_alert ON alert_advice (alert_id, id);
