-- ViosKlinikken is judged by acute contacts and bed days per patient-year before and after enrolment. The hub
-- sees only the "after" (care-ladder outcomes of resolved alerts); the "before" comes from the hospital and
-- municipal records of the 12 months before enrolment, entered by the clinic with the other care facts. NULL means
-- not recorded: the patient is then left out of the "before" denominator.
ALTER TABLE patient_care
  ADD COLUMN acute_contacts_year_before integer CHECK (acute_contacts_year_before >= 0),
  ADD COLUMN bed_days_year_before integer CHECK (bed_days_year_before >= 0 AND bed_days_year_before <= 366),
  ADD CONSTRAINT patient_care_before_both CHECK ((acute_contacts_year_before IS NULL) = (bed_days_year_before IS NULL));
