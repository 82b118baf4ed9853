-- A message's GREEN findings of rules that did not decide its level are kept inside the row of the finding that
-- did, as a JSON array, instead of a row each: an oximeter message wrote four rows, each with three index entries,
-- and those rows were most of triage's writes (docs/benchmark.md, "One row per message"). Nothing is lost: every
-- finding keeps its rule, version, inputs, explanations and an id of its own, and readers read
-- triage_findings, which unfolds them into the rows they were before.
ALTER TABLE triage_results ADD COLUMN green_findings jsonb;

CREATE VIEW triage_findings AS
  SELECT id, patient_id, device_id, msg_id, measured_at, level, message_level, rule_id, rule_version, inputs,
         explanation_en, explanation_da, decisive, passive, repeat_requested, late, created_at
  FROM triage_results
  UNION ALL
  SELECT (g ->> 'id')::bigint, t.patient_id, t.device_id, t.msg_id, t.measured_at, 'GREEN', t.message_level,
         g ->> 'rule_id', (g ->> 'rule_version')::integer, g -> 'inputs', g ->> 'explanation_en',
         g ->> 'explanation_da', false, t.passive, t.repeat_requested, t.late, t.created_at
  FROM triage_results t CROSS JOIN LATERAL jsonb_array_elements(t.green_findings) AS g
  WHERE t.green_findings IS NOT NULL;
