-- The explanation in Danish beside the English one, so pages to the on-call doctor (e-mail, webhook, push) carry the
-- sentence the Danish triage screen shows. Null for alerts opened before this column and for signals without one.
ALTER TABLE alerts ADD COLUMN explanation_da text;
