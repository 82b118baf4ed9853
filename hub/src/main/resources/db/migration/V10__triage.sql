-- Triage (package dk.telemonitoring.hub.triage): per-patient limits with audit, SpO2 scale-2 prescriptions,
-- schedules, passive intervals, triage results with explanations, per-rule alert state, episodes, deferred
-- repeat-before-alert, spirometry personal bests and nurse tasks. Sources of the clinical defaults:
-- docs/clinical-reference.md.

-- Per-patient limits: one current row per patient and code ('news2' for the aggregate); every change audited.
CREATE TABLE patient_limits (
  patient_id     uuid NOT NULL REFERENCES patients (id),
  code           text NOT NULL,
  critical_low   double precision,
  red_low        double precision,
  yellow_low     double precision,
  yellow_high    double precision,
  red_high       double precision,
  critical_high  double precision,
  author         text NOT NULL CHECK (author <> ''),
  reason         text NOT NULL CHECK (reason <> ''),
  set_at         timestamptz NOT NULL,
  review_by      timestamptz,
  group_default  boolean NOT NULL DEFAULT false,
  PRIMARY KEY (patient_id, code)
);

CREATE TABLE patient_limit_audit (
  id          bigserial PRIMARY KEY,
  patient_id  uuid NOT NULL,
  code        text NOT NULL,
  operation   text NOT NULL CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
  old_row     jsonb,
  new_row     jsonb,
  changed_by  text NOT NULL,
  reason      text,
  changed_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX patient_limit_audit_patient ON patient_limit_audit (patient_id, code, changed_at);

CREATE FUNCTION patient_limits_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO patient_limit_audit (patient_id, code, operation, old_row, new_row, changed_by, reason)
    VALUES (OLD.patient_id, OLD.code, TG_OP, to_jsonb(OLD), NULL,
            COALESCE(current_setting('triage.changed_by', true), session_user), current_setting('triage.reason', true));
    RETURN OLD;
  END IF;
  INSERT INTO patient_limit_audit (patient_id, code, operation, old_row, new_row, changed_by, reason)
  VALUES (NEW.patient_id, NEW.code, TG_OP, CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) END, to_jsonb(NEW),
          NEW.author, NEW.reason);
  RETURN NEW;
END $$;

CREATE TRIGGER patient_limits_audit AFTER INSERT OR UPDATE OR DELETE ON patient_limits
  FOR EACH ROW EXECUTE FUNCTION patient_limits_audit();

-- A doctor's prescription of an SpO2 target of 88-92%: the only thing that switches NEWS2 to SpO2 scale 2.
CREATE TABLE spo2_prescriptions (
  id             bigserial PRIMARY KEY,
  patient_id     uuid NOT NULL REFERENCES patients (id),
  target_low     smallint NOT NULL DEFAULT 88 CHECK (target_low = 88),
  target_high    smallint NOT NULL DEFAULT 92 CHECK (target_high = 92),
  prescribed_by  text NOT NULL CHECK (prescribed_by <> ''),
  reason         text NOT NULL,
  prescribed_at  timestamptz NOT NULL,
  revoked_at     timestamptz,
  revoked_by     text,
  CHECK (revoked_at IS NULL OR revoked_at > prescribed_at)
);
CREATE INDEX spo2_prescriptions_patient ON spo2_prescriptions (patient_id);

-- Measurement schedules; phases like 'TWICE_DAILY:0-14,TWICE_WEEKLY:14-' (days from start_date, local time).
CREATE TABLE patient_schedules (
  patient_id     uuid NOT NULL REFERENCES patients (id),
  code           text NOT NULL,
  start_date     date NOT NULL,
  phases         text NOT NULL,
  grace_minutes  integer NOT NULL DEFAULT 120 CHECK (grace_minutes >= 0),
  zone           text NOT NULL DEFAULT 'Europe/Copenhagen',
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (patient_id, code)
);

-- Passive intervals (patient admitted): readings are stored and triaged but not alarmed.
CREATE TABLE passive_intervals (
  id          bigserial PRIMARY KEY,
  patient_id  uuid NOT NULL REFERENCES patients (id),
  from_at     timestamptz NOT NULL,
  to_at       timestamptz,
  reason      text NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (to_at IS NULL OR to_at > from_at)
);
CREATE INDEX passive_intervals_patient ON passive_intervals (patient_id, from_at);

-- One row per rule finding per reading message; 'decisive' marks the finding that set the message's level.
CREATE TABLE triage_results (
  id                bigserial PRIMARY KEY,
  patient_id        uuid NOT NULL,
  device_id         text NOT NULL,
  msg_id            text NOT NULL,
  measured_at       timestamptz NOT NULL,
  level             text NOT NULL CHECK (level IN ('GREEN', 'YELLOW', 'RED', 'CRITICAL')),
  message_level     text NOT NULL CHECK (message_level IN ('GREEN', 'YELLOW', 'RED', 'CRITICAL')),
  rule_id           text NOT NULL,
  rule_version      integer NOT NULL,
  inputs            jsonb NOT NULL,
  explanation_en    text NOT NULL,
  explanation_da    text NOT NULL,
  decisive          boolean NOT NULL DEFAULT false,
  passive           boolean NOT NULL DEFAULT false,
  repeat_requested  boolean NOT NULL DEFAULT false,
  late              boolean NOT NULL DEFAULT false,
  created_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (device_id, msg_id, rule_id)
);
CREATE INDEX triage_results_patient_time ON triage_results (patient_id, measured_at DESC);

-- One alert state per patient and rule, for hysteresis (at most one open alert per patient and rule).
CREATE TABLE triage_rule_state (
  patient_id    uuid NOT NULL,
  rule_id       text NOT NULL,
  level         text NOT NULL,
  lower_streak  integer NOT NULL DEFAULT 0,
  lower_level   text NOT NULL DEFAULT 'GREEN',
  opened_at     timestamptz,
  last_at       timestamptz,
  updated_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (patient_id, rule_id)
);

-- Alert episodes as triage saw them; excluded (plus 14 days after) from personal baselines.
CREATE TABLE triage_episodes (
  id         bigserial PRIMARY KEY,
  patient_id uuid NOT NULL,
  rule_id    text NOT NULL,
  opened_at  timestamptz NOT NULL,
  closed_at  timestamptz,
  max_level  text NOT NULL
);
CREATE UNIQUE INDEX triage_episodes_one_open ON triage_episodes (patient_id, rule_id) WHERE closed_at IS NULL;
CREATE INDEX triage_episodes_patient ON triage_episodes (patient_id, opened_at);

-- A non-critical abnormal reading asked for a repeat; the alert waits for the confirmed value or await_until.
CREATE TABLE triage_pending_repeat (
  device_id    text NOT NULL,
  msg_id       text NOT NULL,
  patient_id   uuid NOT NULL,
  measured_at  timestamptz NOT NULL,
  level        text NOT NULL,
  await_until  timestamptz NOT NULL,
  resolved_at  timestamptz,
  resolution   text,
  PRIMARY KEY (device_id, msg_id)
);
CREATE INDEX triage_pending_repeat_due ON triage_pending_repeat (await_until) WHERE resolved_at IS NULL;

-- Spirometry personal best (highest grade A-C session while stable; refreshed by doctors every 3-6 months).
CREATE TABLE spirometry_personal_best (
  patient_id   uuid NOT NULL,
  code         text NOT NULL,
  value        double precision NOT NULL,
  measured_at  timestamptz NOT NULL,
  source       text NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (patient_id, code)
);

-- Nurse tasks that are not clinical alarms; one open task per patient and kind.
CREATE TABLE nurse_tasks (
  id           bigserial PRIMARY KEY,
  patient_id   uuid NOT NULL,
  clinic_id    text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('MISSED_MEASUREMENT', 'DEVICE_OFFLINE')),
  status       text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'RESOLVED')),
  since        timestamptz NOT NULL,
  details      jsonb NOT NULL,
  text_en      text NOT NULL,
  text_da      text NOT NULL,
  opened_at    timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  resolved_at  timestamptz,
  resolved_by  text
);
CREATE UNIQUE INDEX nurse_tasks_one_open ON nurse_tasks (patient_id, kind) WHERE status = 'OPEN';
CREATE INDEX nurse_tasks_clinic_open ON nurse_tasks (clinic_id, opened_at) WHERE status = 'OPEN';
