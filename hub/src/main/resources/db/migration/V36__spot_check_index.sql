-- Triage reads a patient's spot checks over the 90-day baseline look-back, but samples of continuous recordings
-- (flag 'continuous': a wearable oximeter at 1 Hz, some 30,000 a night) only for the last hour. This index holds
-- the spot checks alone, so that look-back never walks a night of streamed samples. The predicate must stay the
-- same expression as the query's in TriageSql.history for the planner to use it.
CREATE INDEX readings_spot_checks ON readings (patient_id, measured_at) WHERE NOT (flags @> ARRAY['continuous']);
