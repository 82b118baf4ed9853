package dk.telemonitoring.alerts.store;

import static dk.telemonitoring.alerts.store.Sql.instant;
import static dk.telemonitoring.alerts.store.Sql.ts;

import dk.telemonitoring.alerts.domain.AckTokens;
import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.Channel;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.domain.LinkTarget;
import dk.telemonitoring.alerts.domain.NotificationMessage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Notifications (one row per person and channel per escalation step), their delivery attempts, and
 * ack tokens.
 */
public final class NotificationStore {

  /** A notification as stored, for the delivery log and tests. */
  public record Stored(
      UUID id,
      UUID alertId,
      String personId,
      Channel channel,
      String recipientRole,
      boolean reminder,
      String status,
      int attempts,
      String lastError,
      Instant createdAt,
      Instant sentAt) {}

  public record Attempt(
      UUID notificationId, int attempt, Instant at, String status, String detail) {}

  /** What an acknowledge token points at. */
  public record TokenTarget(
      UUID notificationId, UUID alertId, String personId, Instant expiresAt, Instant usedAt) {}

  /**
   * Inserts once per de-duplication key; false when another engine (or an earlier run) already
   * created it.
   */
  public Future<Boolean> insertOnce(
      SqlConnection tx,
      UUID id,
      UUID alertId,
      String dedupKey,
      String personId,
      Channel channel,
      String address,
      String recipientRole,
      boolean reminder,
      Instant now,
      byte[] tokenHash,
      Instant tokenExpiresAt) {
    return tx.preparedQuery(
            "INSERT INTO notifications (id, alert_id, dedup_key, person_id, channel, address,"
                + " recipient_role, reminder, status, next_attempt_at, created_at, ack_token_hash, ack_token_expires_at)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'PENDING', $9, $9, $10, $11)"
                + " ON CONFLICT (dedup_key) DO NOTHING")
        .execute(
            Tuple.from(
                new Object[] {
                  id,
                  alertId,
                  dedupKey,
                  personId,
                  channel.name(),
                  address,
                  recipientRole,
                  reminder,
                  ts(now),
                  Buffer.buffer(tokenHash),
                  ts(tokenExpiresAt)
                }))
        .map(rows -> rows.rowCount() == 1);
  }

  /**
   * Once a person owns the alert, pages not yet delivered for the unacknowledged steps are
   * pointless.
   */
  public Future<Integer> cancelPendingPages(SqlConnection tx, UUID alertId) {
    return tx.preparedQuery(
            "UPDATE notifications SET status = 'CANCELLED' WHERE alert_id = $1 AND NOT reminder"
                + " AND status = 'PENDING'")
        .execute(Tuple.of(alertId))
        .map(rows -> rows.rowCount());
  }

  /** Cancels everything not yet delivered (resolved alerts). */
  public Future<Integer> cancelAllPending(SqlConnection tx, UUID alertId) {
    return tx.preparedQuery(
            "UPDATE notifications SET status = 'CANCELLED' WHERE alert_id = $1 AND status = 'PENDING'")
        .execute(Tuple.of(alertId))
        .map(rows -> rows.rowCount());
  }

  /**
   * Leases due notifications (pending and due, or sending with an expired lease: a dispatcher died
   * mid-send) for {@code lease}, counting the attempt. Delivery is at least once; receivers
   * de-duplicate by the idempotency key.
   */
  public Future<List<NotificationMessage>> lease(
      Pool pool, Instant now, Duration lease, int limit, AckTokens tokens, String ackBaseUrl) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "UPDATE notifications n SET status = 'SENDING',"
                        + " lease_until = $2, attempts = n.attempts + 1 WHERE n.id IN (SELECT id FROM notifications"
                        + " WHERE ((status = 'PENDING' AND next_attempt_at <= $1) OR (status = 'SENDING' AND lease_until <= $1))"
                        + " ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING n.id")
                .execute(Tuple.of(ts(now), ts(now.plus(lease)), limit))
                .compose(
                    rows -> {
                      List<UUID> ids = new ArrayList<>();
                      rows.forEach(r -> ids.add(r.getUUID("id")));
                      if (ids.isEmpty()) {
                        return Future.succeededFuture(List.<NotificationMessage>of());
                      }
                      return tx.preparedQuery(
                              "SELECT n.id, n.attempts, n.person_id, n.channel, n.address, n.recipient_role,"
                                  + " n.reminder, n.created_at, a.id AS alert_id, a.clinic_id, a.patient_id, a.rule_id, a.level,"
                                  + " a.state, a.explanation, a.explanation_da, a.opened_at, c.display_name, c.webhook_secret"
                                  + " FROM notifications n JOIN alerts a ON a.id = n.alert_id"
                                  + " LEFT JOIN alert_contacts c ON c.person_id = n.person_id WHERE n.id = ANY($1)")
                          .execute(Tuple.of(ids.toArray(new UUID[0])))
                          .map(
                              found -> {
                                List<NotificationMessage> out = new ArrayList<>();
                                for (Row r : found) {
                                  UUID id = r.getUUID("id");
                                  String token = tokens.tokenFor(id);
                                  out.add(
                                      new NotificationMessage(
                                          id,
                                          r.getInteger("attempts"),
                                          r.getUUID("alert_id"),
                                          r.getString("clinic_id"),
                                          r.getUUID("patient_id"),
                                          r.getString("rule_id"),
                                          Level.valueOf(r.getString("level")),
                                          AlertState.valueOf(r.getString("state")),
                                          r.getString("explanation"),
                                          r.getString("explanation_da"),
                                          instant(r, "opened_at"),
                                          r.getString("person_id"),
                                          r.getString("display_name"),
                                          r.getString("recipient_role"),
                                          r.getBoolean("reminder"),
                                          Channel.valueOf(r.getString("channel")),
                                          r.getString("address"),
                                          Channel.valueOf(r.getString("channel")) == Channel.WEBHOOK
                                              ? r.getString("webhook_secret")
                                              : null,
                                          token,
                                          ackBaseUrl + "?token=" + token,
                                          instant(r, "created_at"),
                                          null,
                                          null));
                                }
                                return out;
                              });
                    }));
  }

  public Future<Void> recordDelivered(
      Pool pool, UUID id, int attempt, Instant now, long durationMs, String detail) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "UPDATE notifications SET status = 'SENT', sent_at = $3,"
                        + " lease_until = NULL, last_error = NULL WHERE id = $1 AND attempts = $2 AND status = 'SENDING'")
                .execute(Tuple.of(id, attempt, ts(now)))
                .compose(
                    x -> insertAttempt(tx, id, attempt, now, "DELIVERED", detail, durationMs)));
  }

  /**
   * A failed attempt: back to PENDING at {@code retryAt}, or dead-lettered when {@code retryAt} is
   * null.
   */
  public Future<Void> recordFailed(
      Pool pool,
      UUID id,
      int attempt,
      Instant now,
      long durationMs,
      String error,
      Instant retryAt) {
    String status = retryAt == null ? "DEAD" : "PENDING";
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "UPDATE notifications SET status = $3, lease_until = NULL,"
                        + " last_error = $4, next_attempt_at = coalesce($5, next_attempt_at) WHERE id = $1 AND attempts = $2"
                        + " AND status = 'SENDING'")
                .execute(Tuple.of(id, attempt, status, error, ts(retryAt)))
                .compose(
                    x ->
                        insertAttempt(
                            tx,
                            id,
                            attempt,
                            now,
                            retryAt == null ? "DEAD" : "FAILED",
                            error,
                            durationMs)));
  }

  private Future<Void> insertAttempt(
      SqlConnection tx,
      UUID id,
      int attempt,
      Instant now,
      String status,
      String detail,
      long durationMs) {
    return tx.preparedQuery(
            "INSERT INTO notification_attempts (notification_id, attempt, at, status, detail,"
                + " duration_ms) VALUES ($1, $2, $3, $4, $5, $6)")
        .execute(
            Tuple.of(
                id,
                attempt,
                ts(now),
                status,
                detail,
                (int) Math.min(durationMs, Integer.MAX_VALUE)))
        .mapEmpty();
  }

  public Future<Optional<TokenTarget>> lockToken(SqlConnection tx, byte[] tokenHash) {
    return tx.preparedQuery(
            "SELECT id, alert_id, person_id, ack_token_expires_at, ack_token_used_at"
                + " FROM notifications WHERE ack_token_hash = $1 FOR UPDATE")
        .execute(Tuple.of(Buffer.buffer(tokenHash)))
        .map(
            rows ->
                AlertStore.first(rows)
                    .map(
                        r ->
                            new TokenTarget(
                                r.getUUID("id"),
                                r.getUUID("alert_id"),
                                r.getString("person_id"),
                                instant(r, "ack_token_expires_at"),
                                instant(r, "ack_token_used_at"))));
  }

  /**
   * What a link token opens (without locking: reading the alert page changes nothing), with the
   * recipient's name and e-mail from the alert contacts.
   */
  public Future<Optional<LinkTarget>> linkTarget(SqlClient client, byte[] tokenHash) {
    return client
        .preparedQuery(
            "SELECT n.id, n.alert_id, n.person_id, n.recipient_role, n.ack_token_expires_at,"
                + " c.display_name, c.email FROM notifications n"
                + " LEFT JOIN alert_contacts c ON c.person_id = n.person_id"
                + " WHERE n.ack_token_hash = $1")
        .execute(Tuple.of(Buffer.buffer(tokenHash)))
        .map(
            rows ->
                AlertStore.first(rows)
                    .map(
                        r ->
                            new LinkTarget(
                                r.getUUID("id"),
                                r.getUUID("alert_id"),
                                r.getString("person_id"),
                                r.getString("recipient_role"),
                                r.getString("display_name"),
                                r.getString("email"),
                                instant(r, "ack_token_expires_at"))));
  }

  /** The doctor (on-call or backup) each alert last paged, for alerts that paged one. */
  public Future<Map<UUID, String>> lastDoctorPaged(SqlClient client, Collection<UUID> alertIds) {
    if (alertIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client
        .preparedQuery(
            "SELECT DISTINCT ON (alert_id) alert_id, person_id FROM notifications"
                + " WHERE alert_id = ANY($1) AND recipient_role IN ('ONCALL_DOCTOR', 'BACKUP_DOCTOR')"
                // One step may page both doctors at once: the backup is then the escalation's
                // newest
                // reach, and her board must show the alert as hers.
                + " ORDER BY alert_id, created_at DESC, (recipient_role = 'BACKUP_DOCTOR') DESC")
        .execute(Tuple.of(alertIds.toArray(UUID[]::new)))
        .map(
            rows -> {
              Map<UUID, String> out = new HashMap<>();
              rows.forEach(r -> out.put(r.getUUID(0), r.getString(1)));
              return out;
            });
  }

  public Future<Void> markTokenUsed(SqlConnection tx, UUID notificationId, Instant now) {
    return tx.preparedQuery("UPDATE notifications SET ack_token_used_at = $2 WHERE id = $1")
        .execute(Tuple.of(notificationId, ts(now)))
        .mapEmpty();
  }

  public Future<List<Stored>> forAlert(SqlClient client, UUID alertId) {
    return client
        .preparedQuery(
            "SELECT * FROM notifications WHERE alert_id = $1 ORDER BY created_at, dedup_key")
        .execute(Tuple.of(alertId))
        .map(
            rows -> {
              List<Stored> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new Stored(
                        r.getUUID("id"),
                        r.getUUID("alert_id"),
                        r.getString("person_id"),
                        Channel.valueOf(r.getString("channel")),
                        r.getString("recipient_role"),
                        r.getBoolean("reminder"),
                        r.getString("status"),
                        r.getInteger("attempts"),
                        r.getString("last_error"),
                        instant(r, "created_at"),
                        instant(r, "sent_at")));
              }
              return out;
            });
  }

  public Future<List<Attempt>> attempts(SqlClient client, UUID notificationId) {
    return client
        .preparedQuery(
            "SELECT * FROM notification_attempts WHERE notification_id = $1 ORDER BY attempt")
        .execute(Tuple.of(notificationId))
        .map(
            rows -> {
              List<Attempt> out = new ArrayList<>();
              rows.forEach(
                  r ->
                      out.add(
                          new Attempt(
                              r.getUUID("notification_id"),
                              r.getInteger("attempt"),
                              instant(r, "at"),
                              r.getString("status"),
                              r.getString("detail"))));
              return out;
            });
  }
}
