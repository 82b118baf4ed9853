-- Alerts module schema. Own history table: alerts_schema_history. No foreign keys to the hub's tables:
-- patient_id and clinic_id are plain columns.

CREATE TABLE alerts (
  id                   uuid PRIMARY KEY,
  clinic_id            text        NOT NULL,
  patient_id           uuid        NOT NULL,
  rule_id              text        NOT NULL,
  kind                 text        NOT NULL CHECK (kind IN ('READING', 'CONTACT_REQUEST')),
  level                text        NOT NULL CHECK (level IN ('GREEN', 'YELLOW', 'RED', 'CRITICAL')),
  level_rank           smallint    NOT NULL,
  state                text        NOT NULL CHECK (state IN ('OPEN', 'ACKNOWLEDGED', 'ESCALATED', 'RESOLVED')),
  explanation          text,
  reading_ref          text,
  first_measured_at    timestamptz NOT NULL,
  last_measured_at     timestamptz NOT NULL,
  opened_at            timestamptz NOT NULL,
  response_deadline    timestamptz NOT NULL,
  acknowledged_at      timestamptz,
  acknowledged_by      text,
  escalated_at         timestamptz,
  resolved_at          timestamptz,
  resolved_by          text,
  outcome              text CHECK (outcome IN ('NO_ACTION_NEEDED', 'ADVICE_BY_PHONE', 'TREATMENT_STARTED_VIRTUALLY',
                                               'ACUTE_HOME_VISIT', 'MUNICIPAL_ACUTE_BED', 'HOSPITAL_ADMISSION')),
  discharged_on        date,
  snoozed_until        timestamptz,
  snoozed_until_clear  boolean     NOT NULL DEFAULT false,
  condition_cleared_at timestamptz,
  updated_at           timestamptz NOT NULL
);

-- One open alert per (patient, rule): two hub instances cannot open one episode twice (INSERT ... ON CONFLICT).
CREATE UNIQUE INDEX alerts_one_open_per_patient_rule ON alerts (patient_id, rule_id) WHERE state <> 'RESOLVED';
CREATE INDEX alerts_open_by_clinic ON alerts (clinic_id, level_rank DESC, response_deadline) WHERE state <> 'RESOLVED';
CREATE INDEX alerts_by_clinic_opened ON alerts (clinic_id, opened_at);

CREATE TABLE alert_transitions (
  seq        bigserial PRIMARY KEY,
  alert_id   uuid        NOT NULL REFERENCES alerts (id),
  at         timestamptz NOT NULL,
  actor_id   text        NOT NULL,
  action     text        NOT NULL,
  from_state text,
  to_state   text        NOT NULL,
  from_level text,
  to_level   text        NOT NULL,
  note       text
);
CREATE INDEX alert_transitions_by_alert ON alert_transitions (alert_id, seq);

-- People who can be paged. webhook_secret signs the webhook body (HMAC-SHA256).
CREATE TABLE alert_contacts (
  person_id      text PRIMARY KEY,
  clinic_id      text    NOT NULL,
  display_name   text    NOT NULL,
  email          text,
  push_topic     text,
  webhook_url    text,
  webhook_secret text,
  in_app         boolean NOT NULL DEFAULT true,
  active         boolean NOT NULL DEFAULT true
);

CREATE TABLE oncall_rotations (
  id             bigserial PRIMARY KEY,
  clinic_id      text    NOT NULL,
  role           text    NOT NULL CHECK (role IN ('NURSE_ON_DUTY', 'ONCALL_DOCTOR', 'BACKUP_DOCTOR')),
  zone_id        text    NOT NULL DEFAULT 'Europe/Copenhagen',
  anchor_date    date    NOT NULL,
  rotation_days  integer NOT NULL DEFAULT 1 CHECK (rotation_days >= 1),
  handover_times text[]  NOT NULL,
  person_ids     text[]  NOT NULL
);
CREATE INDEX oncall_rotations_by_clinic ON oncall_rotations (clinic_id, role);

CREATE TABLE oncall_overrides (
  id         bigserial PRIMARY KEY,
  clinic_id  text        NOT NULL,
  role       text        NOT NULL CHECK (role IN ('NURSE_ON_DUTY', 'ONCALL_DOCTOR', 'BACKUP_DOCTOR')),
  person_id  text        NOT NULL,
  starts_at  timestamptz NOT NULL,
  ends_at    timestamptz NOT NULL CHECK (ends_at > starts_at),
  reason     text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX oncall_overrides_by_clinic ON oncall_overrides (clinic_id, role, ends_at);

-- Per clinic and level; the policy as JSON (steps with delay_seconds, recipients, channels). Missing rows fall back
-- to the configured defaults.
CREATE TABLE escalation_policies (
  clinic_id  text        NOT NULL,
  level      text        NOT NULL CHECK (level IN ('GREEN', 'YELLOW', 'RED', 'CRITICAL')),
  policy     jsonb       NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (clinic_id, level)
);

-- At most one timer per alert. generation changes whenever the timer is re-armed (raise, acknowledge, reopen).
CREATE TABLE escalation_timers (
  alert_id    uuid PRIMARY KEY REFERENCES alerts (id),
  generation  integer     NOT NULL,
  level       text        NOT NULL,
  phase       text        NOT NULL CHECK (phase IN ('UNACKNOWLEDGED', 'ACKNOWLEDGED')),
  step_index  integer     NOT NULL,
  repeat      integer     NOT NULL,
  due_at      timestamptz NOT NULL,
  fired_count integer     NOT NULL DEFAULT 0
);
CREATE INDEX escalation_timers_due ON escalation_timers (due_at);

CREATE TABLE notifications (
  id              uuid PRIMARY KEY,
  alert_id        uuid        NOT NULL REFERENCES alerts (id),
  -- generation:phase:step:repeat:person:channel; a second engine firing the same step inserts nothing.
  dedup_key       text        NOT NULL UNIQUE,
  person_id       text        NOT NULL,
  channel         text        NOT NULL CHECK (channel IN ('IN_APP', 'EMAIL', 'WEBHOOK', 'PUSH')),
  address         text,
  recipient_role  text        NOT NULL,
  reminder        boolean     NOT NULL DEFAULT false,
  status          text        NOT NULL CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'DEAD', 'CANCELLED')),
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  lease_until     timestamptz,
  created_at      timestamptz NOT NULL,
  sent_at         timestamptz,
  last_error      text,
  -- SHA-256 of the single-purpose acknowledge token; the token itself is never stored.
  ack_token_hash  bytea       NOT NULL UNIQUE,
  ack_token_expires_at timestamptz NOT NULL,
  ack_token_used_at    timestamptz
);
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status IN ('PENDING', 'SENDING');
CREATE INDEX notifications_by_alert ON notifications (alert_id);

CREATE TABLE notification_attempts (
  id              bigserial PRIMARY KEY,
  notification_id uuid        NOT NULL REFERENCES notifications (id),
  attempt         integer     NOT NULL,
  at              timestamptz NOT NULL,
  status          text        NOT NULL CHECK (status IN ('DELIVERED', 'FAILED', 'DEAD')),
  detail          text,
  duration_ms     integer
);
CREATE INDEX notification_attempts_by_notification ON notification_attempts (notification_id, attempt);
