package dk.telemonitoring.alerts.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One rung of an escalation policy: pages the people holding some on-call roles and/or specific
 * named people.
 *
 * @param delay after the previous step fired (for the first step: after the alert opened or was
 *     raised; for the acknowledged reminder: after acknowledgement and between reminders)
 * @param recipients roles resolved against the on-call schedule when the step fires; may be empty
 *     if people is not
 * @param people specific people paged whoever is on call; may be empty if recipients is not
 */
public record EscalationStep(
    Duration delay, Set<Recipient> recipients, Set<NamedPerson> people, Set<Channel> channels) {

  public EscalationStep {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative");
    }
    recipients = Set.copyOf(recipients);
    people = Set.copyOf(people);
    channels = Set.copyOf(channels);
    if ((recipients.isEmpty() && people.isEmpty()) || channels.isEmpty()) {
      throw new IllegalArgumentException(
          "a step needs at least one recipient or named person, and one channel");
    }
    if (people.stream().map(NamedPerson::personId).collect(Collectors.toSet()).size()
        != people.size()) {
      throw new IllegalArgumentException("a step names each person once");
    }
  }

  /** A step that pages on-call roles only. */
  public EscalationStep(Duration delay, Set<Recipient> recipients, Set<Channel> channels) {
    this(delay, recipients, Set.of(), channels);
  }

  /** Pages a doctor, by role or by name: moves an unacknowledged alert to ESCALATED. */
  public boolean pagesDoctor() {
    return pagesDoctorRole() || people.stream().anyMatch(NamedPerson::doctor);
  }

  /** Pages the on-call or backup doctor (whoever the schedule says is on duty). */
  public boolean pagesDoctorRole() {
    return recipients.stream().anyMatch(Recipient::isDoctor);
  }
}
