-- The clinic's contacts with a patient and its messages to the patient's tablet (issue 13).

-- A contact a nurse or doctor had with the patient: how (phone, video, home visit), how long, what was said and where
-- on the care ladder it ended (the outcomes an alert is resolved with). A contact that closed the patient's open alert
-- names it; the alert keeps the outcome and the figures count it there once (docs/clinic-figures.md).
-- id: the client's key, so a form sent twice is stored once.
CREATE TABLE patient_contacts (
  id                uuid PRIMARY KEY,
  patient_id        uuid NOT NULL REFERENCES patients (id),
  clinic_id         text NOT NULL,
  channel           text NOT NULL CHECK (channel IN ('PHONE', 'VIDEO', 'HOME_VISIT')),
  contacted_at      timestamptz NOT NULL,
  duration_minutes  integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 600),
  summary           text NOT NULL CHECK (length(btrim(summary)) BETWEEN 1 AND 4000),
  outcome           text NOT NULL CHECK (outcome IN ('NO_ACTION_NEEDED', 'ADVICE_BY_PHONE', 'TREATMENT_STARTED_VIRTUALLY',
                                                     'ACUTE_HOME_VISIT', 'MUNICIPAL_ACUTE_BED', 'HOSPITAL_ADMISSION')),
  resolved_alert_id uuid,
  logged_by         text NOT NULL CHECK (logged_by <> ''),
  logged_at         timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX patient_contacts_patient ON patient_contacts (patient_id, contacted_at DESC);
CREATE INDEX patient_contacts_clinic ON patient_contacts (clinic_id, contacted_at);

-- A short message to the patient's tablet, published on the tablet's command topic. published_at: the broker took it
-- (QoS 1); delivered_at: the hub received the tablet's message-receipt (docs/device-contract.md). Neither is ever
-- cleared, and a receipt only counts from the device the message was sent to.
CREATE TABLE patient_messages (
  id            uuid PRIMARY KEY,
  patient_id    uuid NOT NULL REFERENCES patients (id),
  clinic_id     text NOT NULL,
  device_id     text NOT NULL,
  language      text NOT NULL CHECK (language IN ('da', 'en')),
  body          text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 500),
  sent_by       text NOT NULL CHECK (sent_by <> ''),
  sent_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
  published_at  timestamptz,
  delivered_at  timestamptz
);
CREATE INDEX patient_messages_patient ON patient_messages (patient_id, sent_at DESC);
