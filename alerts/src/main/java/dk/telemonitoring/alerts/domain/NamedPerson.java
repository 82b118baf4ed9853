package dk.telemonitoring.alerts.domain;

import java.util.Objects;

/**
 * A specific person an escalation step pages whoever is on call (the head of the clinic, a named
 * heart-failure specialist).
 *
 * @param personId the person's user id, as in alert_contacts.person_id
 * @param doctor whether the person was a doctor when the policy was saved; paging a doctor moves an
 *     unacknowledged alert to ESCALATED. The alerts module does not own the users table, so the hub
 *     records the role with the policy (re-saving the policy refreshes it).
 */
public record NamedPerson(String personId, boolean doctor) implements Comparable<NamedPerson> {

  public NamedPerson {
    Objects.requireNonNull(personId, "personId");
    if (personId.isBlank()) {
      throw new IllegalArgumentException("a named person needs a person id");
    }
  }

  /** How the page is labelled (notifications.recipient_role, the alert's history). */
  public String pagedAs() {
    return doctor ? "NAMED_DOCTOR" : "NAMED_PERSON";
  }

  @Override
  public int compareTo(NamedPerson o) {
    return personId.compareTo(o.personId);
  }
}
