-- Registry: clinics, patients, devices and the history of which device measured whom.
CREATE TABLE clinics (
  id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]{1,32}$'),
  name        text NOT NULL,
  timezone    text NOT NULL DEFAULT 'Europe/Copenhagen',
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE patients (
  id           uuid PRIMARY KEY,
  clinic_id    text NOT NULL REFERENCES clinics (id),
  display_name text NOT NULL,
  condition    text NOT NULL CHECK (condition IN ('COPD', 'FIBROSIS', 'AATD', 'HEART_FAILURE')),
  language     text NOT NULL DEFAULT 'da' CHECK (language IN ('da', 'en')),
  enrolled_at  timestamptz NOT NULL DEFAULT now(),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX patients_clinic ON patients (clinic_id);

CREATE TABLE devices (
  id                text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._-]{1,64}$'),
  clinic_id         text NOT NULL REFERENCES clinics (id),
  kind              text NOT NULL CHECK (kind IN ('OXIMETER', 'SPIROMETER', 'THERMOMETER', 'SCALE', 'BP_CUFF', 'TABLET', 'WEARABLE_OXIMETER')),
  status            text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'RETIRED')),
  keepalive_seconds integer NOT NULL DEFAULT 172800,
  last_seen_at      timestamptz,
  battery           smallint,
  created_at        timestamptz NOT NULL DEFAULT now(),
  retired_at        timestamptz
);
CREATE INDEX devices_clinic ON devices (clinic_id);

-- A device measures one patient at a time; the history stays so late uploads go to the right patient.
CREATE TABLE device_bindings (
  id          bigserial PRIMARY KEY,
  device_id   text NOT NULL REFERENCES devices (id),
  patient_id  uuid NOT NULL REFERENCES patients (id),
  bound_at    timestamptz NOT NULL,
  unbound_at  timestamptz,
  bound_by    text NOT NULL,
  CHECK (unbound_at IS NULL OR unbound_at > bound_at)
);
CREATE UNIQUE INDEX device_bindings_one_open ON device_bindings (device_id) WHERE unbound_at IS NULL;
CREATE INDEX device_bindings_patient ON device_bindings (patient_id);

-- Readings: one row per value. The primary key is the idempotency key, so a redelivered message is stored once.
-- It includes measured_at because a TimescaleDB hypertable's unique keys must contain the partitioning column.
CREATE TABLE readings (
  measured_at  timestamptz NOT NULL,
  device_id    text NOT NULL,
  msg_id       text NOT NULL,
  code         text NOT NULL,
  patient_id   uuid NOT NULL,
  clinic_id    text NOT NULL,
  value        double precision NOT NULL,
  unit         text NOT NULL,
  received_at  timestamptz NOT NULL,
  stored_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  sent_at      timestamptz,
  flags        text[] NOT NULL DEFAULT '{}',
  context      jsonb,
  detail       jsonb,
  PRIMARY KEY (device_id, msg_id, code, measured_at)
);
CREATE INDEX readings_patient_code_time ON readings (patient_id, code, measured_at DESC);
CREATE INDEX readings_clinic_time ON readings (clinic_id, measured_at DESC);

-- Messages that are not readings (contact requests, device status) keep their own idempotent record.
CREATE TABLE device_events (
  device_id    text NOT NULL,
  msg_id       text NOT NULL,
  kind         text NOT NULL,
  patient_id   uuid,
  clinic_id    text NOT NULL,
  occurred_at  timestamptz NOT NULL,
  received_at  timestamptz NOT NULL,
  payload      jsonb NOT NULL,
  PRIMARY KEY (device_id, msg_id)
);
CREATE INDEX device_events_patient ON device_events (patient_id, occurred_at DESC);

-- Bad input is kept, never dropped: raw bytes, where it came from and a reason a person can read.
CREATE TABLE quarantine (
  id           bigserial PRIMARY KEY,
  received_at  timestamptz NOT NULL,
  topic        text NOT NULL,
  device_id    text,
  clinic_id    text,
  reason_code  text NOT NULL,
  reason       text NOT NULL,
  payload      bytea NOT NULL
);
CREATE INDEX quarantine_time ON quarantine (received_at DESC);
CREATE INDEX quarantine_reason ON quarantine (reason_code, received_at DESC);

-- Outbox: written in the same transaction as the readings, drained by any hub's triage worker (at start-up too),
-- so no acknowledged reading goes untriaged even if the hub dies right after the commit.
CREATE TABLE triage_outbox (
  id           bigserial PRIMARY KEY,
  patient_id   uuid NOT NULL,
  device_id    text NOT NULL,
  msg_id       text NOT NULL,
  measured_at  timestamptz NOT NULL,
  kind         text NOT NULL,
  enqueued_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (device_id, msg_id)
);
CREATE INDEX triage_outbox_patient ON triage_outbox (patient_id, id);
