-- The patient's own view (issue 18): a one-time sign-in code the clinic issues to the patient, or to a relative whose
-- consent is recorded, and the sessions it opens. Only SHA-256 hashes of codes and session tokens are stored.

-- A code is used once and expires; issuing a new one for the same person ends the older unused ones.
-- relative_id: null when the code is for the patient; else the relative's link (consent checked at every use).
CREATE TABLE patient_signin_codes (
  code_hash    bytea PRIMARY KEY,
  patient_id   uuid NOT NULL REFERENCES patients (id),
  relative_id  bigint REFERENCES patient_relatives (id),
  issued_by    text NOT NULL CHECK (issued_by <> ''),
  issued_at    timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX patient_signin_codes_patient ON patient_signin_codes (patient_id, issued_at DESC);

-- A session reads one patient's own view and nothing else. A relative's session ends when the consent is withdrawn.
CREATE TABLE patient_sessions (
  token_hash    bytea PRIMARY KEY,
  patient_id    uuid NOT NULL REFERENCES patients (id),
  relative_id   bigint REFERENCES patient_relatives (id),
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  ip            text,
  user_agent    text,
  revoked_at    timestamptz
);
CREATE INDEX patient_sessions_patient ON patient_sessions (patient_id);

-- Failed sign-in code attempts per address, so codes cannot be guessed.
CREATE TABLE patient_signin_failures (
  id  bigserial PRIMARY KEY,
  at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  ip  text NOT NULL
);
CREATE INDEX patient_signin_failures_ip ON patient_signin_failures (ip, at DESC);

-- The clinic's number the patient may call. IF NOT EXISTS: the doctor's alert page adds the same column.
ALTER TABLE clinics ADD COLUMN IF NOT EXISTS phone text CHECK (phone IS NULL OR phone ~ '^\+?[0-9 ]{3,20}$');
