package dk.telemonitoring.alerts;

import dk.telemonitoring.alerts.domain.EscalationPolicies;
import dk.telemonitoring.alerts.domain.EscalationPolicy;
import dk.telemonitoring.alerts.domain.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Every knob of the alerts module, with defaults. The hub fills it from its own configuration;
 * tests shorten delays here (never with sleeps in production code).
 *
 * @param defaultPolicies per level, used for clinics without a row in escalation_policies
 * @param contactRequestLevel level of a patient's "I am worried, call me" (default RED)
 * @param contactRequestDeadline response deadline of a contact request (default 1 h, as RED)
 * @param engineInterval how often the escalation engine looks for due timers (default 5 s)
 * @param engineBatchSize timers claimed per engine transaction (default 50)
 * @param dispatchInterval how often the dispatcher looks for notifications to send (default 2 s)
 * @param dispatchBatchSize notifications leased per round (default 20)
 * @param maxAttempts delivery attempts before a notification is dead-lettered (default 6)
 * @param retryBackoff first retry delay; doubles per attempt (default 10 s)
 * @param retryBackoffMax cap of the retry delay (default 5 min)
 * @param deliveryLease how long a leased notification is reserved for one dispatcher (default 60 s)
 * @param deliveryTimeout timeout of one delivery attempt (default 15 s)
 * @param ackBaseUrl base of acknowledge links, e.g. https://hub.example/alerts/ack (the link adds
 *     ?token=...)
 * @param ackTokenSecret server secret from which acknowledge tokens are derived (HMAC); must be set
 *     in production
 * @param ackTokenTtl how long an acknowledge token works (default 24 h)
 * @param defaultZone the clinics' time zone for new rotations (default Europe/Copenhagen)
 * @param autoResolveOnClear when the hub reports a cleared condition, close an untouched alert
 *     below RED (default true)
 */
public record AlertsConfig(
    Map<Level, EscalationPolicy> defaultPolicies,
    Level contactRequestLevel,
    Duration contactRequestDeadline,
    Duration engineInterval,
    int engineBatchSize,
    Duration dispatchInterval,
    int dispatchBatchSize,
    int maxAttempts,
    Duration retryBackoff,
    Duration retryBackoffMax,
    Duration deliveryLease,
    Duration deliveryTimeout,
    String ackBaseUrl,
    String ackTokenSecret,
    Duration ackTokenTtl,
    ZoneId defaultZone,
    boolean autoResolveOnClear) {

  /** Only for development and tests; the hub warns loudly when it is in use. */
  public static final String DEVELOPMENT_TOKEN_SECRET = "development-only-ack-token-secret";

  public AlertsConfig {
    Map<Level, EscalationPolicy> copy = new EnumMap<>(Level.class);
    copy.putAll(EscalationPolicies.defaults());
    copy.putAll(defaultPolicies);
    defaultPolicies = Map.copyOf(copy);
    Objects.requireNonNull(ackBaseUrl, "ackBaseUrl");
    Objects.requireNonNull(ackTokenSecret, "ackTokenSecret");
    if (ackTokenSecret.getBytes(StandardCharsets.UTF_8).length < 16) {
      throw new IllegalArgumentException("ackTokenSecret must be at least 16 bytes");
    }
    if (deliveryLease.compareTo(deliveryTimeout) <= 0) {
      // A delivery still under way when its lease ends would be leased and sent again.
      throw new IllegalArgumentException("deliveryLease must be longer than deliveryTimeout");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  public static AlertsConfig defaults() {
    return new AlertsConfig(
        EscalationPolicies.defaults(),
        Level.RED,
        Duration.ofHours(1),
        Duration.ofSeconds(5),
        50,
        Duration.ofSeconds(2),
        20,
        6,
        Duration.ofSeconds(10),
        Duration.ofMinutes(5),
        Duration.ofSeconds(60),
        Duration.ofSeconds(15),
        "http://localhost:8080/alerts/ack",
        DEVELOPMENT_TOKEN_SECRET,
        Duration.ofHours(24),
        ZoneId.of("Europe/Copenhagen"),
        true);
  }

  public boolean usesDevelopmentSecret() {
    return DEVELOPMENT_TOKEN_SECRET.equals(ackTokenSecret);
  }

  public AlertsConfig withPolicies(Map<Level, EscalationPolicy> policies) {
    return new AlertsConfig(
        policies,
        contactRequestLevel,
        contactRequestDeadline,
        engineInterval,
        engineBatchSize,
        dispatchInterval,
        dispatchBatchSize,
        maxAttempts,
        retryBackoff,
        retryBackoffMax,
        deliveryLease,
        deliveryTimeout,
        ackBaseUrl,
        ackTokenSecret,
        ackTokenTtl,
        defaultZone,
        autoResolveOnClear);
  }

  public AlertsConfig withIntervals(Duration engine, Duration dispatch) {
    return new AlertsConfig(
        defaultPolicies,
        contactRequestLevel,
        contactRequestDeadline,
        engine,
        engineBatchSize,
        dispatch,
        dispatchBatchSize,
        maxAttempts,
        retryBackoff,
        retryBackoffMax,
        deliveryLease,
        deliveryTimeout,
        ackBaseUrl,
        ackTokenSecret,
        ackTokenTtl,
        defaultZone,
        autoResolveOnClear);
  }

  public AlertsConfig withRetries(int attempts, Duration backoff, Duration backoffMax) {
    return new AlertsConfig(
        defaultPolicies,
        contactRequestLevel,
        contactRequestDeadline,
        engineInterval,
        engineBatchSize,
        dispatchInterval,
        dispatchBatchSize,
        attempts,
        backoff,
        backoffMax,
        deliveryLease,
        deliveryTimeout,
        ackBaseUrl,
        ackTokenSecret,
        ackTokenTtl,
        defaultZone,
        autoResolveOnClear);
  }

  public AlertsConfig withAckLinks(String baseUrl, String secret) {
    return new AlertsConfig(
        defaultPolicies,
        contactRequestLevel,
        contactRequestDeadline,
        engineInterval,
        engineBatchSize,
        dispatchInterval,
        dispatchBatchSize,
        maxAttempts,
        retryBackoff,
        retryBackoffMax,
        deliveryLease,
        deliveryTimeout,
        baseUrl,
        secret,
        ackTokenTtl,
        defaultZone,
        autoResolveOnClear);
  }

  public AlertsConfig withContactRequest(Level level, Duration deadline) {
    return new AlertsConfig(
        defaultPolicies,
        level,
        deadline,
        engineInterval,
        engineBatchSize,
        dispatchInterval,
        dispatchBatchSize,
        maxAttempts,
        retryBackoff,
        retryBackoffMax,
        deliveryLease,
        deliveryTimeout,
        ackBaseUrl,
        ackTokenSecret,
        ackTokenTtl,
        defaultZone,
        autoResolveOnClear);
  }

  /** How long a notification's signed link (acknowledge, the alert page) works. */
  public AlertsConfig withAckTokenTtl(Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("the link lifetime must be positive");
    }
    return new AlertsConfig(
        defaultPolicies,
        contactRequestLevel,
        contactRequestDeadline,
        engineInterval,
        engineBatchSize,
        dispatchInterval,
        dispatchBatchSize,
        maxAttempts,
        retryBackoff,
        retryBackoffMax,
        deliveryLease,
        deliveryTimeout,
        ackBaseUrl,
        ackTokenSecret,
        ttl,
        defaultZone,
        autoResolveOnClear);
  }
}
