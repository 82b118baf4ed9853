-- When the group's default limits and schedules were copied to a patient. Triage used to re-run the idempotent
-- copy on every reading; the marker lets it copy once, and lets the missed-measurement scan enrol patients who
-- have not measured yet (a patient who never measures is the one the schedule must catch).
ALTER TABLE patients ADD COLUMN triage_enrolled_at timestamptz;

UPDATE patients p SET triage_enrolled_at = now()
WHERE EXISTS (SELECT 1 FROM patient_limits l WHERE l.patient_id = p.id);
