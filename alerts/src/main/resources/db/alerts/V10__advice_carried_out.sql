-- Who carried out a doctor's advice, and when. Advice on an alert the doctor closed (or that closed itself when the
-- readings were normal again) stays on the nurses' board until a nurse has carried it out: before, it left the board
-- with its alert, and "start the rescue pack" could be lost. A nurse closing an alert carries out its advice with it.
ALTER TABLE alert_advice ADD COLUMN carried_out_at timestamptz, ADD COLUMN carried_out_by text;

-- Advice on alerts closed before this version was handled then: not put on today's board.
UPDATE alert_advice v SET carried_out_at = a.resolved_at, carried_out_by = 'system'
FROM alerts a WHERE a.id = v.alert_id AND a.state = 'RESOLVED';

CREATE INDEX alert_advice_to_carry_out ON alert_advice (alert_id, id) WHERE carried_out_at IS NULL;
