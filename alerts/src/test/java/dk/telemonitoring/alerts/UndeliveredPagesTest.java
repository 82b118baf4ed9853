package dk.telemonitoring.alerts;

import static dk.telemonitoring.alerts.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.AlertSignal;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.query.UndeliveredPages;
import dk.telemonitoring.alerts.query.UndeliveredPages.Page;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which pages of an alert have not arrived, by the delivery log's states on a real PostgreSQL: one
 * given up on, and one whose attempts failed so far and is retried (a mail server down keeps a page
 * retrying for minutes, and the nurse must know now); not one waiting for its first attempt, sent,
 * or cancelled because someone answered.
 */
@Timeout(60)
class UndeliveredPagesTest {

  @RegisterExtension static final ClassDatabase db = new ClassDatabase();
  private static Pool pool;

  @BeforeAll
  static void setUp() throws Exception {
    pool = db.pool(2);
  }

  @Test
  void aPageGivenUpOnOrStillRetriedAfterAFailureHasNotArrived() throws Exception {
    AlertService service = new AlertService(pool, AlertsConfig.defaults(), Clock.systemUTC());
    UUID alertId =
        await(
                pool.withTransaction(
                    tx ->
                        service.raise(
                            tx,
                            new AlertSignal(
                                "pages",
                                UUID.randomUUID(),
                                "limit.spo2",
                                Level.CRITICAL,
                                "SpO2 80%",
                                Instant.now(),
                                null))))
            .alertId();
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    page(alertId, "dead", "EMAIL", "DEAD", 6, "smtp refused", t0);
    page(alertId, "retried", "WEBHOOK", "PENDING", 2, "HTTP 503", t0.plusSeconds(1));
    page(alertId, "sending", "PUSH", "SENDING", 3, "timeout", t0.plusSeconds(2));
    page(alertId, "first", "EMAIL", "PENDING", 0, null, t0.plusSeconds(3));
    page(alertId, "sent", "IN_APP", "SENT", 1, null, t0.plusSeconds(4));
    page(alertId, "cancelled", "WEBHOOK", "CANCELLED", 1, "HTTP 500", t0.plusSeconds(5));

    Map<UUID, List<Page>> pages =
        await(new UndeliveredPages().of(pool, List.of(alertId, UUID.randomUUID())));

    assertThat(pages).containsOnlyKeys(alertId);
    assertThat(pages.get(alertId))
        .containsExactly(
            new Page("ONCALL_DOCTOR", "dr-dead", "EMAIL", "smtp refused", t0, false),
            new Page("ONCALL_DOCTOR", "dr-retried", "WEBHOOK", "HTTP 503", t0.plusSeconds(1), true),
            new Page("ONCALL_DOCTOR", "dr-sending", "PUSH", "timeout", t0.plusSeconds(2), true));
  }

  /** A row of the delivery log, as the dispatcher leaves it. */
  private static void page(
      UUID alertId,
      String name,
      String channel,
      String status,
      int attempts,
      String lastError,
      Instant createdAt)
      throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                db.database().jdbcUrl(db.database().name),
                db.database().user,
                db.database().password);
        PreparedStatement st =
            c.prepareStatement(
                "INSERT INTO notifications (id, alert_id, dedup_key, person_id, channel,"
                    + " recipient_role, status, attempts, next_attempt_at, created_at, last_error,"
                    + " ack_token_hash, ack_token_expires_at)"
                    + " VALUES (?, ?, ?, ?, ?, 'ONCALL_DOCTOR', ?, ?, ?, ?, ?, ?, ?)")) {
      Timestamp at = Timestamp.from(createdAt);
      st.setObject(1, UUID.randomUUID());
      st.setObject(2, alertId);
      st.setString(3, "1:UNACKNOWLEDGED:0:0:" + name + ":" + channel);
      st.setString(4, "dr-" + name);
      st.setString(5, channel);
      st.setString(6, status);
      st.setInt(7, attempts);
      st.setTimestamp(8, at);
      st.setTimestamp(9, at);
      st.setString(10, lastError);
      st.setBytes(11, name.getBytes(StandardCharsets.UTF_8));
      st.setTimestamp(12, Timestamp.from(createdAt.plus(1, ChronoUnit.DAYS)));
      st.executeUpdate();
    }
  }
}
