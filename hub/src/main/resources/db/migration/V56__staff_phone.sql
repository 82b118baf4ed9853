-- A staff member's work phone, so the on-call doctor's alert page can offer a call to the patient's contact nurse
-- and to the nurse on duty (a tel: button) besides the clinic's 24/7 number. Optional, like the patient's phone.
ALTER TABLE app_users ADD COLUMN IF NOT EXISTS phone text CHECK (phone IS NULL OR phone ~ '^\+?[0-9 ]{3,20}$');
