-- The Danish of a transition's note where triage or the patient wrote it (an alert opened or raised by a finding, a
-- "call me" joining the alert): the patient's timeline and the alert's history show the sentence of that moment in
-- the screen's language, not the alert's current one. Null for notes people write (their own words) and older rows.
ALTER TABLE alert_transitions ADD COLUMN note_da text;
