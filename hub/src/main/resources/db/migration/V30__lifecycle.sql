-- Data lifecycle (package dk.telemonitoring.hub.lifecycle): daily aggregates that outlive the raw readings, and the
-- ledger of erasures made on a patient's request.

-- Per patient, code and local day (the clinic's time zone): statistics of the raw readings still stored (live_*,
-- recomputed by the retention job) plus those of raw readings already dropped (archived_*, added exactly once, in
-- the transaction that drops them). Together they describe every reading ever stored for that day; see the view.
CREATE TABLE reading_daily (
  patient_id    uuid NOT NULL,
  code          text NOT NULL,
  day           date NOT NULL,
  clinic_id     text NOT NULL,
  unit          text NOT NULL,
  live_n        bigint NOT NULL DEFAULT 0,
  live_sum      double precision NOT NULL DEFAULT 0,
  live_min      double precision,
  live_max      double precision,
  archived_n    bigint NOT NULL DEFAULT 0,
  archived_sum  double precision NOT NULL DEFAULT 0,
  archived_min  double precision,
  archived_max  double precision,
  refreshed_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (patient_id, code, day)
);
CREATE INDEX reading_daily_day ON reading_daily (day);

CREATE VIEW reading_daily_stats AS
SELECT patient_id, code, day, clinic_id, unit,
       live_n + archived_n                                       AS n,
       LEAST(live_min, archived_min)                             AS min,
       GREATEST(live_max, archived_max)                          AS max,
       (live_sum + archived_sum) / NULLIF(live_n + archived_n, 0) AS avg,
       archived_n > 0                                            AS raw_dropped
FROM reading_daily
WHERE live_n + archived_n > 0;

-- One row per erasure on request. Holds no health data: which patient id, which clinic, who asked, the request's
-- reference (a case number, never free text about the patient) and how many rows each table lost.
CREATE TABLE patient_erasures (
  id            bigserial PRIMARY KEY,
  patient_id    uuid NOT NULL,
  clinic_id     text NOT NULL,
  requested_by  text NOT NULL,
  reference     text CHECK (reference IS NULL OR reference ~ '^[A-Za-z0-9._:/-]{1,64}$'),
  erased_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  rows_deleted  jsonb NOT NULL
);
CREATE INDEX patient_erasures_patient ON patient_erasures (patient_id);

-- What each retention run did, for operators.
CREATE TABLE retention_runs (
  id               bigserial PRIMARY KEY,
  started_at       timestamptz NOT NULL,
  finished_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  storage_mode     text NOT NULL,
  cutoff           timestamptz,
  rows_archived    bigint NOT NULL,
  chunks_dropped   integer NOT NULL,
  days_refreshed   integer NOT NULL
);
