-- What the on-call doctor's alert page (the signed link in a page) needs to call people and to read the patient's
-- age: the patient's phone and date of birth, and the clinic's own 24/7 number (where the doctor reaches the nurse
-- on duty). All optional: the page offers a call only where a number is recorded. IF NOT EXISTS because patient
-- contact data may arrive by another migration as well.
ALTER TABLE patients ADD COLUMN IF NOT EXISTS phone text CHECK (phone IS NULL OR phone ~ '^\+?[0-9 ]{3,20}$');
ALTER TABLE patients ADD COLUMN IF NOT EXISTS birth_date date;
ALTER TABLE clinics ADD COLUMN IF NOT EXISTS phone text CHECK (phone IS NULL OR phone ~ '^\+?[0-9 ]{3,20}$');
