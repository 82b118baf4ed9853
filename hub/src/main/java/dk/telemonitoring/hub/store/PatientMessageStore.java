package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Messages from the clinic to a patient's tablet ({@code patient_messages}): what was written, by
 * whom, when it was sent, when the broker took it and when the tablet confirmed it was shown. The
 * confirmation arrives as a device event and is written with it ({@code BatchSql}), so it counts
 * once and only from the tablet the message went to.
 */
public final class PatientMessageStore {

  /** Where a message to the patient goes: the tablet bound now, and the patient's language. */
  public record Recipient(String clinicId, String deviceId, String language) {}

  public record Message(
      UUID id,
      UUID patientId,
      String deviceId,
      String language,
      String body,
      String sentBy,
      String sentByName,
      Instant sentAt,
      Instant publishedAt,
      Instant deliveredAt) {}

  private static final String SELECT =
      """
      SELECT m.id, m.patient_id, m.device_id, m.language, m.body, m.sent_by, u.display_name, m.sent_at,
             m.published_at, m.delivered_at
      FROM patient_messages m LEFT JOIN app_users u ON u.email = m.sent_by
      """;

  private final Pool pool;

  public PatientMessageStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * The patient's tablet (an active TABLET device bound to the patient now; the most recently bound
   * if several) and language; the device id is null when the patient has no tablet.
   */
  public Future<Recipient> recipient(UUID patientId) {
    return pool.preparedQuery(
            """
            SELECT p.clinic_id, p.language,
                   (SELECT d.id FROM device_bindings b JOIN devices d ON d.id = b.device_id
                    WHERE b.patient_id = p.id AND b.unbound_at IS NULL AND d.kind = 'TABLET' AND d.status = 'ACTIVE'
                    ORDER BY b.bound_at DESC LIMIT 1)
            FROM patients p WHERE p.id = $1""")
        .execute(Tuple.of(patientId))
        .map(
            rs -> {
              if (rs.size() == 0) {
                return null;
              }
              Row r = rs.iterator().next();
              return new Recipient(r.getString(0), r.getString(2), r.getString(1));
            });
  }

  /** Stores a message before it is published; returns it, or the earlier one with the same id. */
  public Future<Message> record(UUID id, UUID patientId, Recipient to, String body, String sentBy) {
    return pool.preparedQuery(
            """
            INSERT INTO patient_messages (id, patient_id, clinic_id, device_id, language, body, sent_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING""")
        .execute(
            Tuple.from(
                new Object[] {
                  id, patientId, to.clinicId(), to.deviceId(), to.language(), body, sentBy
                }))
        .compose(x -> find(id))
        .map(m -> m != null && m.patientId().equals(patientId) ? m : null);
  }

  /** The broker took the message (QoS 1 PUBACK); the first time counts. */
  public Future<Message> published(UUID id, Instant at) {
    return pool.preparedQuery(
            "UPDATE patient_messages SET published_at = $2 WHERE id = $1 AND published_at IS NULL")
        .execute(Tuple.of(id, SqlTimes.utc(at)))
        .compose(x -> find(id));
  }

  public Future<Message> find(UUID id) {
    return pool.preparedQuery(SELECT + " WHERE m.id = $1")
        .execute(Tuple.of(id))
        .map(rs -> rs.size() == 0 ? null : message(rs.iterator().next()));
  }

  /** The patient's messages, newest first. */
  public Future<List<Message>> list(UUID patientId, int limit) {
    return pool.preparedQuery(
            SELECT + " WHERE m.patient_id = $1 ORDER BY m.sent_at DESC, m.id DESC LIMIT $2")
        .execute(Tuple.of(patientId, limit))
        .map(
            rs -> {
              List<Message> out = new ArrayList<>();
              rs.forEach(r -> out.add(message(r)));
              return out;
            });
  }

  private static Message message(Row r) {
    return new Message(
        r.getUUID(0),
        r.getUUID(1),
        r.getString(2),
        r.getString(3),
        r.getString(4),
        r.getString(5),
        r.getString(6),
        instant(r, 7),
        instant(r, 8),
        instant(r, 9));
  }

  private static Instant instant(Row r, int col) {
    var t = r.getOffsetDateTime(col);
    return t == null ? null : t.toInstant();
  }
}
