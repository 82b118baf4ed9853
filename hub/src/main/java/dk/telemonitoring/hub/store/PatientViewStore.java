package dk.telemonitoring.hub.store;

import static dk.telemonitoring.hub.store.SqlTimes.utc;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the patient's own view reads (one patient's readings, the replies their devices showed,
 * their "call me" requests, schedules, the clinic's number and messages from the nurse), and the
 * "call me" request it writes: a contact request like the tablet's, into {@code device_events} and
 * the triage outbox in one transaction, so it reaches the nurse's queue the same way.
 */
public final class PatientViewStore {

  /** The device id of requests made on the patient's page (no device of the registry). */
  public static final String PAGE_DEVICE = "patient-view";

  public record Point(String code, double value, String unit, Instant at) {}

  /**
   * One message's reply as triaged: the highest level of its findings, admitted (passive) and
   * whether a repeat was asked for.
   */
  public record StoredReply(Instant at, String level, boolean passive, boolean repeat) {}

  public record CallRequest(Instant at, boolean fromPage) {}

  public record Schedule(String code, LocalDate startDate, String phases, String zone) {}

  public record Clinic(String name, String phone) {}

  public record Message(Instant at, String body, String sentByName) {}

  private final Pool pool;

  public PatientViewStore(Pool pool) {
    this.pool = pool;
  }

  /** The patient's readings since {@code since}, oldest first (at most {@code limit}). */
  public Future<List<Point>> readings(UUID patientId, Instant since, int limit) {
    return pool.preparedQuery(
            """
            SELECT code, value, unit, measured_at FROM (
              SELECT code, value, unit, measured_at FROM readings
              WHERE patient_id = $1 AND measured_at > $2 ORDER BY measured_at DESC LIMIT $3) x
            ORDER BY measured_at""")
        .execute(Tuple.of(patientId, utc(since), limit))
        .map(
            rs -> {
              List<Point> out = new ArrayList<>();
              for (Row r : rs) {
                out.add(
                    new Point(
                        r.getString(0),
                        r.getDouble(1),
                        r.getString(2),
                        r.getOffsetDateTime(3).toInstant()));
              }
              return out;
            });
  }

  /** Replies to the patient's measurements since {@code since}, newest first. */
  public Future<List<StoredReply>> replies(UUID patientId, Instant since, int limit) {
    return pool.preparedQuery(
            """
            SELECT measured_at,
                   (array['GREEN', 'YELLOW', 'RED', 'CRITICAL'])[max(CASE message_level WHEN 'GREEN' THEN 1
                     WHEN 'YELLOW' THEN 2 WHEN 'RED' THEN 3 ELSE 4 END)],
                   bool_or(passive), bool_or(repeat_requested)
            FROM triage_findings
            WHERE patient_id = $1 AND measured_at > $2 AND rule_id <> 'contact.request'
            GROUP BY device_id, msg_id, measured_at ORDER BY measured_at DESC LIMIT $3""")
        .execute(Tuple.of(patientId, utc(since), limit))
        .map(
            rs -> {
              List<StoredReply> out = new ArrayList<>();
              for (Row r : rs) {
                out.add(
                    new StoredReply(
                        r.getOffsetDateTime(0).toInstant(),
                        r.getString(1),
                        Boolean.TRUE.equals(r.getBoolean(2)),
                        Boolean.TRUE.equals(r.getBoolean(3))));
              }
              return out;
            });
  }

  /** The patient's "call me" requests (tablet or page) since {@code since}, newest first. */
  public Future<List<CallRequest>> callRequests(UUID patientId, Instant since, int limit) {
    return pool.preparedQuery(
            """
            SELECT occurred_at, device_id = $4 FROM device_events
            WHERE patient_id = $1 AND kind = 'contact' AND occurred_at > $2
            ORDER BY occurred_at DESC LIMIT $3""")
        .execute(Tuple.of(patientId, utc(since), limit, PAGE_DEVICE))
        .map(
            rs -> {
              List<CallRequest> out = new ArrayList<>();
              for (Row r : rs) {
                out.add(new CallRequest(r.getOffsetDateTime(0).toInstant(), r.getBoolean(1)));
              }
              return out;
            });
  }

  public Future<List<Schedule>> schedules(UUID patientId) {
    return pool.preparedQuery(
            "SELECT code, start_date, phases, zone FROM patient_schedules WHERE patient_id = $1 ORDER BY code")
        .execute(Tuple.of(patientId))
        .map(
            rs -> {
              List<Schedule> out = new ArrayList<>();
              for (Row r : rs) {
                out.add(
                    new Schedule(
                        r.getString(0), r.getLocalDate(1), r.getString(2), r.getString(3)));
              }
              return out;
            });
  }

  public Future<Clinic> clinic(String clinicId) {
    return pool.preparedQuery("SELECT name, phone FROM clinics WHERE id = $1")
        .execute(Tuple.of(clinicId))
        .map(
            rs -> {
              Row r = rs.iterator().next();
              return new Clinic(r.getString(0), r.getString(1));
            });
  }

  /** Messages from the nurse to the patient ({@code patient_messages}), newest first. */
  public Future<List<Message>> messages(UUID patientId, int limit) {
    return pool.preparedQuery(
            """
            SELECT m.sent_at, m.body, u.display_name FROM patient_messages m
            LEFT JOIN app_users u ON u.email = m.sent_by
            WHERE m.patient_id = $1 ORDER BY m.sent_at DESC LIMIT $2""")
        .execute(Tuple.of(patientId, limit))
        .map(
            rs -> {
              List<Message> out = new ArrayList<>();
              for (Row r : rs) {
                out.add(
                    new Message(
                        r.getOffsetDateTime(0).toInstant(), r.getString(1), r.getString(2)));
              }
              return out;
            });
  }

  /**
   * Stores a "call me" request from the patient's page with its outbox row, once per {@code
   * requestId} (a second press of the same request is not a second request). True when stored now.
   */
  public Future<Boolean> requestCall(
      UUID patientId,
      String clinicId,
      UUID requestId,
      String reason,
      String relation,
      String text) {
    Instant now = Instant.now();
    JsonObject payload =
        new JsonObject()
            .put("v", 1)
            .put("msgId", requestId.toString())
            .put("kind", "contact")
            .put("measuredAt", now.toString())
            .put("reason", reason)
            .put("text", text);
    if (relation != null && !relation.isBlank()) payload.put("relation", relation);
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    """
                    INSERT INTO device_events (device_id, msg_id, kind, patient_id, clinic_id, occurred_at, received_at, payload)
                    VALUES ($1, $2, 'contact', $3, $4, $5, $5, $6::jsonb) ON CONFLICT DO NOTHING""")
                .execute(
                    Tuple.from(
                        new Object[] {
                          PAGE_DEVICE,
                          requestId.toString(),
                          patientId,
                          clinicId,
                          utc(now),
                          payload.encode()
                        }))
                .compose(
                    ins ->
                        ins.rowCount() == 0
                            ? Future.succeededFuture(false)
                            : tx.preparedQuery(
                                    """
                                    INSERT INTO triage_outbox (patient_id, device_id, msg_id, measured_at, kind)
                                    VALUES ($1, $2, $3, $4, 'contact') ON CONFLICT DO NOTHING""")
                                .execute(
                                    Tuple.of(
                                        patientId, PAGE_DEVICE, requestId.toString(), utc(now)))
                                .map(x -> true)));
  }
}
