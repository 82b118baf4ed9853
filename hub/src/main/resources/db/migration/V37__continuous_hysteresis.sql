-- A run of continuous samples above a rule's open level must last before it opens or raises the alert
-- (Hysteresis.CONTINUOUS_RAISE_AFTER); the run survives between triage batches here, like lower_streak.
ALTER TABLE triage_rule_state
  ADD COLUMN raise_streak integer NOT NULL DEFAULT 0,
  ADD COLUMN raise_level  text NOT NULL DEFAULT 'GREEN';
