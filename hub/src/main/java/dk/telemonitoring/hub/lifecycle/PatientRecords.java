package dk.telemonitoring.hub.lifecycle;

import dk.telemonitoring.alerts.query.PatientAlertRecords;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.store.DeviceRegistry;
import dk.telemonitoring.hub.store.TriageLocks;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One patient's complete record: export as JSON (an access request) and erasure (a deletion
 * request).
 *
 * <p>Which tables hold a patient's data is read from the schema at the time of the request: every
 * table of the hub's schema with a {@code patient_id} column, so tables added later are exported
 * and erased without a change here. Alerts come with their history (transitions) and notifications
 * (without addresses and token hashes).
 *
 * <p>The audit log is append-only and is never erased: its rows about the patient name who read or
 * changed the record, not health data. The erasure itself adds a {@code patient_erasures} row and,
 * where the audit log exists, an audit row; neither holds health data (patient id, clinic, who
 * asked, a case reference, row counts).
 */
public final class PatientRecords {

  public static final String EXPORT_FORMAT = "telemonitoring-patient-export/1";
  public static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9._:/-]{1,64}");

  /**
   * Tables the generic pass leaves alone: handled specially, append-only, or the erasure ledger
   * itself.
   */
  private static final Set<String> SPECIAL =
      Set.of("readings", "alerts", "audit_log", "patient_erasures");

  /** Where a request came from, for the audit row. */
  public record Requester(String method, String path, String ip, String userAgent) {}

  public record Erasure(
      UUID patientId, String clinicId, Instant erasedAt, Map<String, Long> rowsDeleted) {
    public JsonObject toJson() {
      JsonObject rows = new JsonObject();
      rowsDeleted.forEach(rows::put);
      return new JsonObject()
          .put("patientId", patientId.toString())
          .put("clinicId", clinicId)
          .put("erasedAt", erasedAt.toString())
          .put("rowsDeleted", rows);
    }
  }

  private final Pool pool;
  private final DbUrl db;

  public PatientRecords(Pool pool, DbUrl db) {
    this.pool = pool;
    this.db = db;
  }

  /** The patient's clinic, or null when the patient is unknown. */
  public Future<String> clinicOf(UUID patient) {
    return pool.preparedQuery("SELECT clinic_id FROM patients WHERE id = $1")
        .execute(Tuple.of(patient))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  /**
   * Writes the export to the response, streamed section by section (readings last, by cursor),
   * inside one repeatable-read transaction so the sections agree with each other. The caller has
   * checked the patient exists and set the status. Audited before anything is written.
   */
  public Future<Void> export(
      UUID patient, String clinicId, Requester requester, HttpServerResponse resp) {
    return pool.withConnection(
        conn ->
            conn.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .execute()
                .compose(v -> tables(conn))
                .compose(
                    tables -> {
                      Future<Void> f = Future.succeededFuture();
                      resp.setChunked(true).putHeader("content-type", "application/json");
                      resp.write(
                          new JsonObject()
                              .put("format", EXPORT_FORMAT)
                              .put("exportedAt", Instant.now().toString())
                              .put("patientId", patient.toString())
                              .encode()
                              .replaceAll("}$", ""));
                      f =
                          f.compose(
                              v ->
                                  one(
                                      conn,
                                      "patient",
                                      """
              SELECT (to_jsonb(p) || jsonb_build_object('clinic', to_jsonb(c)))::text
              FROM patients p JOIN clinics c ON c.id = p.clinic_id WHERE p.id = $1""",
                                      patient,
                                      resp));
                      for (String table : tables) {
                        if (!SPECIAL.contains(table)) {
                          f =
                              f.compose(
                                  v ->
                                      section(
                                          conn,
                                          table,
                                          "SELECT to_jsonb(t)::text FROM \""
                                              + table
                                              + "\" t WHERE patient_id = $1",
                                          patient,
                                          resp));
                        }
                      }
                      if (tables.contains(PatientAlertRecords.ALERTS_TABLE)) {
                        f =
                            f.compose(
                                v ->
                                    section(
                                        conn,
                                        "alerts",
                                        PatientAlertRecords.EXPORT_SQL,
                                        patient,
                                        resp));
                      }
                      if (tables.contains("audit_log")) {
                        f =
                            f.compose(
                                v ->
                                    section(
                                        conn,
                                        "audit_log",
                                        "SELECT to_jsonb(a)::text FROM audit_log a WHERE patient_id = $1 ORDER BY id",
                                        patient,
                                        resp));
                      }
                      f =
                          f.compose(
                              v ->
                                  section(
                                      conn,
                                      "readings",
                                      "SELECT to_jsonb(r)::text FROM readings r WHERE patient_id = $1 ORDER BY measured_at, code",
                                      patient,
                                      resp));
                      return f.compose(v -> conn.query("COMMIT").execute())
                          .<Void>mapEmpty()
                          .compose(v -> resp.end("}"));
                    }));
  }

  private static Future<List<String>> tables(SqlConnection conn) {
    return conn.query(TABLES_SQL)
        .execute()
        .map(
            rows -> {
              List<String> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(r.getString(0));
              }
              return out;
            });
  }

  private static final String TABLES_SQL =
      """
      SELECT c.table_name::text FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.column_name = 'patient_id' AND c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
      ORDER BY 1""";

  private static Future<Void> one(
      SqlConnection conn, String name, String sql, UUID patient, HttpServerResponse resp) {
    return conn.preparedQuery(sql)
        .execute(Tuple.of(patient))
        .map(
            rows -> {
              resp.write(
                  ",\""
                      + name
                      + "\":"
                      + (rows.size() == 0 ? "null" : rows.iterator().next().getString(0)));
              return null;
            });
  }

  private static Future<Void> section(
      SqlConnection conn, String name, String sql, UUID patient, HttpServerResponse resp) {
    resp.write(",\"" + name + "\":[");
    Promise<Void> done = Promise.promise();
    conn.prepare(sql)
        .onFailure(done::fail)
        .onSuccess(
            ps -> {
              RowStream<Row> stream = ps.createStream(500, Tuple.of(patient));
              boolean[] first = {true};
              stream.exceptionHandler(done::tryFail);
              stream.endHandler(
                  v -> {
                    resp.write("]");
                    ps.close();
                    done.tryComplete();
                  });
              stream.handler(
                  row -> {
                    resp.write((first[0] ? "" : ",") + row.getString(0));
                    first[0] = false;
                    if (resp.writeQueueFull()) {
                      stream.pause();
                      resp.drainHandler(x -> stream.resume());
                    }
                  });
            });
    return done.future();
  }

  /**
   * Erases everything the hub holds about the patient, in one transaction under the patient's
   * triage lock (so no triage run writes for the patient meanwhile). Returns null when the patient
   * is unknown. Blocking JDBC.
   */
  public Erasure erase(UUID patient, String requestedBy, String reference, Requester requester) {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      c.setAutoCommit(false);
      try {
        String clinic;
        try (PreparedStatement st =
            c.prepareStatement("SELECT clinic_id FROM patients WHERE id = ? FOR UPDATE")) {
          st.setObject(1, patient);
          try (ResultSet rs = st.executeQuery()) {
            if (!rs.next()) {
              c.rollback();
              return null;
            }
            clinic = rs.getString(1);
          }
        }
        exec(c, TriageLocks.ONE_JDBC, TriageLocks.key(patient));
        exec(c, "SELECT set_config('triage.changed_by', 'erasure', true)");
        List<String> tables = new ArrayList<>();
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery(TABLES_SQL)) {
          while (rs.next()) {
            tables.add(rs.getString(1));
          }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        List<String> devices = new ArrayList<>();
        try (PreparedStatement st =
            c.prepareStatement(
                "SELECT DISTINCT device_id FROM device_bindings WHERE patient_id = ?")) {
          st.setObject(1, patient);
          try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
              devices.add(rs.getString(1));
            }
          }
        }
        if (tables.contains(PatientAlertRecords.ALERTS_TABLE)) {
          counts.putAll(PatientAlertRecords.erase(c, patient));
        }
        // patient_limits before its audit table: deleting limits writes audit rows through the
        // trigger.
        List<String> order = new ArrayList<>(tables);
        order.removeAll(SPECIAL);
        if (order.remove("patient_limits")) {
          order.add(0, "patient_limits");
        }
        order.add("readings");
        for (String table : order) {
          counts.put(
              table, delete(c, "DELETE FROM \"" + table + "\" WHERE patient_id = ?", patient));
        }
        counts.put("patients", delete(c, "DELETE FROM patients WHERE id = ?", patient));
        for (String device : devices) {
          exec(c, "SELECT pg_notify(?, ?)", DeviceRegistry.CHANNEL, device);
        }
        String rows = new JsonObject(new LinkedHashMap<>(counts)).encode();
        Instant at;
        try (PreparedStatement st =
            c.prepareStatement(
                """
            INSERT INTO patient_erasures (patient_id, clinic_id, requested_by, reference, rows_deleted)
            VALUES (?, ?, ?, ?, ?::jsonb) RETURNING erased_at""")) {
          st.setObject(1, patient);
          st.setString(2, clinic);
          st.setString(3, requestedBy);
          st.setString(4, reference);
          st.setString(5, rows);
          try (ResultSet rs = st.executeQuery()) {
            rs.next();
            at = rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
          }
        }
        if (tables.contains("audit_log")) {
          try (PreparedStatement st =
              c.prepareStatement(
                  """
              INSERT INTO audit_log (user_id, user_email, user_role, action, patient_id, clinic_id, target, method, path,
                                     status, ip, user_agent)
              VALUES (NULL, ?, 'SERVICE', 'PATIENT_DATA_ERASED', ?, ?, ?, ?, ?, 200, ?, ?)""")) {
            st.setString(1, requestedBy);
            st.setObject(2, patient);
            st.setString(3, clinic);
            st.setString(4, reference == null ? "erasure" : "erasure:" + reference);
            st.setString(5, requester.method());
            st.setString(6, requester.path());
            st.setString(7, requester.ip());
            st.setString(8, requester.userAgent());
            st.executeUpdate();
          }
        }
        c.commit();
        return new Erasure(patient, clinic, at, counts);
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("erasure failed, nothing was deleted: " + e.getMessage(), e);
    }
  }

  /**
   * The audit row of an export (written before the export is served), where the audit log exists.
   */
  public Future<Void> auditExport(UUID patient, String clinic, String requestedBy, Requester r) {
    return pool.query("SELECT to_regclass('audit_log') IS NOT NULL")
        .execute()
        .compose(
            rows -> {
              if (!rows.iterator().next().getBoolean(0)) {
                return Future.succeededFuture();
              }
              return pool.preparedQuery(
                      """
              INSERT INTO audit_log (user_id, user_email, user_role, action, patient_id, clinic_id, target, method, path,
                                     status, ip, user_agent)
              VALUES (NULL, $1, 'SERVICE', 'PATIENT_RECORD_EXPORTED', $2, $3, 'export', $4, $5, 200, $6, $7)""")
                  .execute(
                      Tuple.tuple()
                          .addString(requestedBy)
                          .addUUID(patient)
                          .addString(clinic)
                          .addString(r.method())
                          .addString(r.path())
                          .addString(r.ip())
                          .addString(r.userAgent()))
                  .mapEmpty();
            });
  }

  private static long delete(Connection c, String sql, UUID patient) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setObject(1, patient);
      return st.executeUpdate();
    }
  }

  private static void exec(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      st.execute();
    }
  }
}
