package dk.telemonitoring.alerts.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * One rung of an escalation policy.
 *
 * @param delay after the previous step fired (for the first step: after the alert opened or was raised; for the
 *     acknowledged reminder: after acknowledgement and between reminders)
 */
public record EscalationStep(Duration delay, Set<Recipient> recipients, Set<Channel> channels) {

  public EscalationStep {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative");
    }
    recipients = Set.copyOf(recipients);
    channels = Set.copyOf(channels);
    if (recipients.isEmpty() || channels.isEmpty()) {
      throw new IllegalArgumentException("a step needs at least one recipient and one channel");
    }
  }

  public boolean pagesDoctor() {
    return recipients.stream().anyMatch(Recipient::isDoctor);
  }
}
