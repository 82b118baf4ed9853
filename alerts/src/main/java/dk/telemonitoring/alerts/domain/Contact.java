package dk.telemonitoring.alerts.domain;

import java.util.Optional;

/**
 * A person who can be paged, and where. {@code webhookSecret} signs webhook bodies; never logged or
 * returned by APIs.
 */
public record Contact(
    String personId,
    String clinicId,
    String displayName,
    String email,
    String pushTopic,
    String webhookUrl,
    String webhookSecret,
    boolean inApp,
    boolean active) {

  /** The person's address for a channel, if the person has one. */
  public Optional<String> address(Channel channel) {
    return Optional.ofNullable(
        switch (channel) {
          case IN_APP -> inApp ? personId : null;
          case EMAIL -> email;
          case PUSH -> pushTopic;
          case WEBHOOK -> webhookUrl != null && webhookSecret != null ? webhookUrl : null;
        });
  }
}
