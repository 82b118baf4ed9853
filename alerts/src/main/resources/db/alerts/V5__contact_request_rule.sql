-- One name for a patient's contact request: the hub's "contact.request" (it was "patient-contact-request" here, and
-- the hub translated between the two). The findings table exists from V4 (one alert per patient) on.
UPDATE alerts SET rule_id = 'contact.request' WHERE rule_id = 'patient-contact-request';

DO $$
BEGIN
  IF to_regclass('alert_findings') IS NOT NULL THEN
    UPDATE alert_findings SET rule_id = 'contact.request' WHERE rule_id = 'patient-contact-request';
  END IF;
END $$;
