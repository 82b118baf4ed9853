package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A patient's timeline from the hub's own tables, newest first, one page at a time: a reading (all
 * values measured together), a logged contact, a message to the tablet, and a status change. Alerts
 * live in the alerts module and are merged in by the caller.
 *
 * <p>Each kind of entry is one {@link Source}: a SELECT of (at, key, kind, detail) for patient
 * {@code $1} before the cursor ({@code ($2, $3)}, exclusive) with at most {@code $4} rows. A new
 * kind of entry is one more source. Status changes come from {@code patient_status_log} (written by
 * the patient-status routes) when that table exists in this database.
 */
public final class PatientTimelineStore {

  /** One entry; {@code key} orders entries at the same instant and makes the cursor exact. */
  public record Entry(Instant at, String key, String kind, JsonObject detail) {}

  /** One kind of timeline entry as SQL; see the class comment for its parameters. */
  public record Source(String kind, String sql) {}

  /**
   * Readings, the values measured together as one entry. Samples of a continuous recording (1 Hz)
   * are left out: they are the charts' business, and a night's would bury everything else. The
   * newest spot-check rows come from their index ({@code readings_spot_checks}) with a row budget
   * ({@code $4 + 1} sets of up to 32 values), so a page never reads the patient's whole history.
   */
  static final Source READINGS =
      new Source(
          "reading",
          """
          SELECT r.measured_at AS at, ('r:' || r.device_id || ':' || r.msg_id) COLLATE "C" AS key, 'reading' AS kind,
                 jsonb_build_object('values', jsonb_agg(jsonb_build_object('code', r.code, 'value', r.value,
                                    'unit', r.unit) ORDER BY r.code), 'deviceId', r.device_id) AS detail
          FROM (SELECT measured_at, device_id, msg_id, code, value, unit FROM readings
                WHERE patient_id = $1 AND measured_at <= $2 AND NOT (flags @> ARRAY['continuous'])
                ORDER BY measured_at DESC LIMIT ($4 + 1) * 32) r
          GROUP BY r.measured_at, r.device_id, r.msg_id
          HAVING (r.measured_at, ('r:' || r.device_id || ':' || r.msg_id) COLLATE "C") < ($2, $3)
          ORDER BY 1 DESC, 2 DESC LIMIT $4""");

  static final Source CONTACTS =
      new Source(
          "contact",
          """
          SELECT c.contacted_at AS at, ('c:' || c.id) COLLATE "C" AS key, 'contact' AS kind,
                 jsonb_build_object('id', c.id, 'channel', c.channel, 'durationMinutes', c.duration_minutes,
                                    'summary', c.summary, 'outcome', c.outcome, 'resolvedAlertId', c.resolved_alert_id,
                                    'by', coalesce(u.display_name, c.logged_by)) AS detail
          FROM patient_contacts c LEFT JOIN app_users u ON u.email = c.logged_by
          WHERE c.patient_id = $1 AND (c.contacted_at, ('c:' || c.id) COLLATE "C") < ($2, $3)
          ORDER BY 1 DESC, 2 DESC LIMIT $4""");

  static final Source MESSAGES =
      new Source(
          "message",
          """
          SELECT m.sent_at AS at, ('m:' || m.id) COLLATE "C" AS key, 'message' AS kind,
                 jsonb_build_object('id', m.id, 'body', m.body, 'language', m.language,
                                    'by', coalesce(u.display_name, m.sent_by), 'publishedAt', m.published_at,
                                    'deliveredAt', m.delivered_at) AS detail
          FROM patient_messages m LEFT JOIN app_users u ON u.email = m.sent_by
          WHERE m.patient_id = $1 AND (m.sent_at, ('m:' || m.id) COLLATE "C") < ($2, $3)
          ORDER BY 1 DESC, 2 DESC LIMIT $4""");

  /** The patient-status log's rows (action such as admission, discharge, enrolment.end). */
  static final Source STATUS_CHANGES =
      new Source(
          "status",
          """
          SELECT s.changed_at AS at, ('s:' || lpad(s.id::text, 19, '0')) COLLATE "C" AS key, 'status' AS kind,
                 jsonb_build_object('action', s.action, 'details', s.details,
                                    'by', coalesce(u.display_name, s.changed_by)) AS detail
          FROM patient_status_log s LEFT JOIN app_users u ON u.email = s.changed_by
          WHERE s.patient_id = $1 AND (s.changed_at, ('s:' || lpad(s.id::text, 19, '0')) COLLATE "C") < ($2, $3)
          ORDER BY 1 DESC, 2 DESC LIMIT $4""");

  private final Pool pool;
  private volatile List<Source> sources;

  public PatientTimelineStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * At most {@code limit} entries before ({@code beforeAt}, {@code beforeKey}), newest first (ties:
   * key descending, compared as plain characters like Java's String#compareTo).
   */
  public Future<List<Entry>> before(UUID patientId, Instant beforeAt, String beforeKey, int limit) {
    return sources()
        .compose(
            list -> {
              StringBuilder sql = new StringBuilder("SELECT at, key, kind, detail FROM (");
              for (int i = 0; i < list.size(); i++) {
                sql.append(i == 0 ? "" : " UNION ALL ")
                    .append('(')
                    .append(list.get(i).sql())
                    .append(')');
              }
              sql.append(") t ORDER BY at DESC, key COLLATE \"C\" DESC LIMIT $4");
              return pool.preparedQuery(sql.toString())
                  .execute(Tuple.of(patientId, SqlTimes.utc(beforeAt), beforeKey, limit))
                  .map(
                      rs -> {
                        List<Entry> out = new ArrayList<>();
                        for (Row r : rs) {
                          Object detail = r.getValue(3);
                          out.add(
                              new Entry(
                                  r.getOffsetDateTime(0).toInstant(),
                                  r.getString(1),
                                  r.getString(2),
                                  detail instanceof JsonObject o ? o : new JsonObject()));
                        }
                        return out;
                      });
            });
  }

  /** The sources this database has: status changes once their table exists. */
  private Future<List<Source>> sources() {
    List<Source> known = sources;
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return pool.query("SELECT to_regclass('patient_status_log') IS NOT NULL")
        .execute()
        .map(
            rs -> {
              List<Source> list = new ArrayList<>(List.of(READINGS, CONTACTS, MESSAGES));
              if (rs.iterator().next().getBoolean(0)) {
                list.add(STATUS_CHANGES);
              }
              sources = List.copyOf(list);
              return sources;
            });
  }
}
