-- How pages (e-mail, push, webhook to the on-call doctor) name a patient. A page leaves the record system: e-mail
-- crosses mail servers outside the clinic's control and push lands on a phone's lock screen. So a page names the
-- patient by a pseudonym unless the clinic opts in to names (data minimisation, GDPR art. 5(1)(c)); the link in
-- the page leads to the rest behind a login. A clinic without a row here pages by pseudonym.
CREATE TABLE clinic_paging (
  clinic_id      text PRIMARY KEY REFERENCES clinics (id),
  names_in_pages boolean NOT NULL DEFAULT false,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- A clinic-assigned alias a page shows instead of the patient's initials (e.g. when two patients share them).
ALTER TABLE patients ADD COLUMN page_alias text CHECK (page_alias IS NULL OR length(page_alias) BETWEEN 1 AND 40);
