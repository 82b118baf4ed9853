-- People who use the clinic API and the triage screen (package dk.telemonitoring.hub.api): users and their
-- clinics, database sessions (so any hub instance accepts them), login attempts for rate limiting across
-- instances, the append-only audit log of every read or change of a patient's data by a person, and the care
-- facts the clinic records per patient (contact nurse, municipality, equality factors, relatives with consent).

CREATE TABLE app_users (
  id                uuid PRIMARY KEY,
  email             text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
  display_name      text NOT NULL CHECK (display_name <> ''),
  role              text NOT NULL CHECK (role IN ('NURSE', 'DOCTOR', 'ADMIN', 'RELATIVE')),
  -- pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>
  password_hash     text NOT NULL,
  -- Set for the well-known demo passwords; outside demo mode the hub refuses to start while any is active.
  default_password  boolean NOT NULL DEFAULT false,
  active            boolean NOT NULL DEFAULT true,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX app_users_email ON app_users (email);

CREATE TABLE app_user_clinics (
  user_id    uuid NOT NULL REFERENCES app_users (id),
  clinic_id  text NOT NULL REFERENCES clinics (id),
  PRIMARY KEY (user_id, clinic_id)
);
CREATE INDEX app_user_clinics_clinic ON app_user_clinics (clinic_id);

-- The cookie carries a random token; only its SHA-256 is stored, so a leaked table does not hand out sessions.
CREATE TABLE app_sessions (
  token_hash    bytea PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES app_users (id),
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  ip            text,
  user_agent    text,
  revoked_at    timestamptz
);
CREATE INDEX app_sessions_user ON app_sessions (user_id);
CREATE INDEX app_sessions_expiry ON app_sessions (expires_at);

CREATE TABLE login_attempts (
  id        bigserial PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT clock_timestamp(),
  email     text NOT NULL,
  ip        text NOT NULL,
  success   boolean NOT NULL
);
CREATE INDEX login_attempts_email ON login_attempts (email, at DESC);
CREATE INDEX login_attempts_ip ON login_attempts (ip, at DESC);

-- Who read or changed which patient's data, when and from where. Append-only: no API edits it and the trigger
-- below rejects UPDATE, DELETE and TRUNCATE for every database user.
CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT clock_timestamp(),
  user_id     uuid,
  user_email  text NOT NULL,
  user_role   text NOT NULL,
  action      text NOT NULL,
  patient_id  uuid,
  clinic_id   text,
  target      text,
  method      text NOT NULL,
  path        text NOT NULL,
  status      integer,
  ip          text,
  user_agent  text
);
CREATE INDEX audit_log_patient ON audit_log (patient_id, at DESC);
CREATE INDEX audit_log_user ON audit_log (user_id, at DESC);
CREATE INDEX audit_log_clinic ON audit_log (clinic_id, at DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- What the clinic records about a patient's care beyond the registry: the contact nurse, the municipality and
-- the equality factors ViosKlinikken reports by.
CREATE TABLE patient_care (
  patient_id         uuid PRIMARY KEY REFERENCES patients (id),
  contact_nurse_id   uuid REFERENCES app_users (id),
  municipality       text,
  no_own_gp          boolean NOT NULL DEFAULT false,
  lives_alone        boolean NOT NULL DEFAULT false,
  needs_tablet_help  boolean NOT NULL DEFAULT false,
  updated_by         text NOT NULL,
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- A relative may read a patient's data only while the patient's consent is recorded and not withdrawn.
CREATE TABLE patient_relatives (
  id                   bigserial PRIMARY KEY,
  patient_id           uuid NOT NULL REFERENCES patients (id),
  user_id              uuid NOT NULL REFERENCES app_users (id),
  relation             text NOT NULL,
  consent_recorded_at  timestamptz NOT NULL,
  consent_recorded_by  text NOT NULL,
  consent_note         text NOT NULL CHECK (consent_note <> ''),
  withdrawn_at         timestamptz,
  withdrawn_by         text
);
CREATE UNIQUE INDEX patient_relatives_active ON patient_relatives (patient_id, user_id) WHERE withdrawn_at IS NULL;
CREATE INDEX patient_relatives_user ON patient_relatives (user_id);
