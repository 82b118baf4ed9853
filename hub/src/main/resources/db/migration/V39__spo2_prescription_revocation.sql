-- Why a doctor ended a patient's SpO2 scale 2 prescription (issue 13), beside who and when.
ALTER TABLE spo2_prescriptions ADD COLUMN revoke_reason text;
-- At most one prescription in force per patient; the store revokes the old one before it writes a new one.
CREATE UNIQUE INDEX spo2_prescriptions_one_in_force ON spo2_prescriptions (patient_id) WHERE revoked_at IS NULL;
