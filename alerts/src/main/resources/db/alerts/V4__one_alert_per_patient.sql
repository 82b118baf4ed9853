-- One open alert per patient: the case the clinic works on. Each rule's finding joins the patient's open alert as a
-- row of alert_findings (its level, explanation in English and Danish, inputs, measured times, reading); the alert's
-- level is the worst level a finding reached while it was open, and alerts.rule_id (with kind) names the rule of that
-- worst finding, so readers of the alert row keep working.
CREATE TABLE alert_findings (
  alert_id          uuid        NOT NULL REFERENCES alerts (id),
  rule_id           text        NOT NULL,
  level             text        NOT NULL CHECK (level IN ('GREEN', 'YELLOW', 'RED', 'CRITICAL')),
  level_rank        smallint    NOT NULL,
  explanation       text,
  explanation_da    text,
  inputs            jsonb,
  first_measured_at timestamptz NOT NULL,
  last_measured_at  timestamptz NOT NULL,
  reading_ref       text,
  -- Set when triage's hysteresis cleared the rule's condition; null while the finding is live.
  cleared_at        timestamptz,
  updated_at        timestamptz NOT NULL,
  PRIMARY KEY (alert_id, rule_id)
);

-- The alert a merged alert was folded into (this migration); such an alert was closed by the system, not by the
-- clinic, and the figures leave it out.
ALTER TABLE alerts ADD COLUMN merged_into uuid REFERENCES alerts (id);

-- Every existing alert gets its finding.
INSERT INTO alert_findings (alert_id, rule_id, level, level_rank, explanation, explanation_da, inputs,
                            first_measured_at, last_measured_at, reading_ref, cleared_at, updated_at)
SELECT id, rule_id, level, level_rank, explanation, explanation_da, NULL, first_measured_at, last_measured_at,
       reading_ref, condition_cleared_at, updated_at
FROM alerts;

-- Where a patient has several open alerts, the worst (then oldest) stays open and takes the others' findings.
CREATE TEMPORARY TABLE alert_merges AS
SELECT a.id AS merged_id, s.id AS survivor_id
FROM alerts a
JOIN LATERAL (
  SELECT o.id FROM alerts o WHERE o.patient_id = a.patient_id AND o.state <> 'RESOLVED'
  ORDER BY o.level_rank DESC, o.opened_at, o.id LIMIT 1) s ON s.id <> a.id
WHERE a.state <> 'RESOLVED';

INSERT INTO alert_findings (alert_id, rule_id, level, level_rank, explanation, explanation_da, inputs,
                            first_measured_at, last_measured_at, reading_ref, cleared_at, updated_at)
SELECT m.survivor_id, f.rule_id, f.level, f.level_rank, f.explanation, f.explanation_da, f.inputs,
       f.first_measured_at, f.last_measured_at, f.reading_ref, f.cleared_at, now()
FROM alert_merges m JOIN alert_findings f ON f.alert_id = m.merged_id;

-- The survivor keeps the earliest deadline of the case; a live finding taken over makes its condition live again.
UPDATE alerts s SET
  response_deadline = least(s.response_deadline, x.deadline),
  last_measured_at = greatest(s.last_measured_at, x.last_measured),
  condition_cleared_at = CASE WHEN x.live THEN NULL ELSE s.condition_cleared_at END,
  updated_at = now()
FROM (SELECT m.survivor_id, min(a.response_deadline) AS deadline, max(a.last_measured_at) AS last_measured,
             bool_or(a.condition_cleared_at IS NULL) AS live
      FROM alert_merges m JOIN alerts a ON a.id = m.merged_id GROUP BY m.survivor_id) x
WHERE s.id = x.survivor_id;

INSERT INTO alert_transitions (alert_id, at, actor_id, action, from_state, to_state, from_level, to_level, note)
SELECT s.id, now(), 'system', 'NOTE', s.state, s.state, s.level, s.level,
       'one alert per patient: took over the findings of alert(s) ' || string_agg(m.merged_id::text, ', ')
FROM alert_merges m JOIN alerts s ON s.id = m.survivor_id GROUP BY s.id, s.state, s.level;

INSERT INTO alert_transitions (alert_id, at, actor_id, action, from_state, to_state, from_level, to_level, note)
SELECT a.id, now(), 'system', 'RESOLVE', a.state, 'RESOLVED', a.level, a.level,
       'merged into alert ' || m.survivor_id || ' (one alert per patient); no outcome recorded'
FROM alert_merges m JOIN alerts a ON a.id = m.merged_id;

UPDATE alerts a SET state = 'RESOLVED', resolved_at = now(), resolved_by = 'system', merged_into = m.survivor_id,
  snoozed_until = NULL, snoozed_until_clear = false, updated_at = now()
FROM alert_merges m WHERE a.id = m.merged_id;

DELETE FROM escalation_timers t USING alert_merges m WHERE t.alert_id = m.merged_id;
UPDATE notifications n SET status = 'CANCELLED' FROM alert_merges m WHERE n.alert_id = m.merged_id
  AND n.status = 'PENDING';

DROP TABLE alert_merges;

DROP INDEX alerts_one_open_per_patient_rule;
-- One open alert per patient: two hub instances cannot open two cases for one patient (INSERT ... ON CONFLICT).
CREATE UNIQUE INDEX alerts_one_open_per_patient ON alerts (patient_id) WHERE state <> 'RESOLVED';
-- Figures and lists read an alert's findings by alert; openRules reads the live ones of the open alert.
CREATE INDEX alert_findings_live ON alert_findings (alert_id) WHERE cleared_at IS NULL;
