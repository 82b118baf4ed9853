-- The person who sent an escalated alert to the doctor (null when the escalation plan did, because nobody acknowledged
-- it in time). The nurse's board and the alert page read it: an alert a nurse handed over waits for the doctor, and
-- she is not offered to acknowledge it, which would stop the pages to the doctor. Filled for alerts escalated now.
ALTER TABLE alerts ADD COLUMN escalated_by text;

UPDATE alerts a SET escalated_by = (
  SELECT t.actor_id FROM alert_transitions t
  WHERE t.alert_id = a.id AND t.action = 'ESCALATE' AND t.from_state <> 'ESCALATED'
  ORDER BY t.seq DESC LIMIT 1)
WHERE a.state = 'ESCALATED';

UPDATE alerts SET escalated_by = NULL WHERE escalated_by IN ('escalation-engine', 'system');
