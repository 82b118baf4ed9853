package dk.telemonitoring.hub.store;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.reading.DeviceMessage.MeasurementSet;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A fresh migrated database with one clinic, its COPD patients and one pulse oximeter, and the SpO2
 * messages that device sends: for the store's tests on a real PostgreSQL. Closing it closes its
 * pools and drops the database.
 */
final class OneOximeterDatabase implements AutoCloseable {

  final String clinic;
  final String device;
  final DbUrl db;
  final Vertx vertx = Vertx.vertx();
  private final DbUrl server;
  private final List<Pool> pools = new ArrayList<>();

  OneOximeterDatabase(String name, String device, List<UUID> patients) throws Exception {
    this.clinic = name;
    this.device = device;
    server = TestServices.postgres();
    db = TestServices.freshDatabase(server, name);
    SchemaSetup.migrate(db, TestServices.timescaleAvailable());
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO clinics (id, name) VALUES ('" + name + "', '" + name + "')");
      for (UUID id : patients) {
        st.execute(
            "INSERT INTO patients (id, clinic_id, display_name, condition) VALUES ('"
                + id
                + "', '"
                + name
                + "', 'P', 'COPD')");
      }
      st.execute(
          "INSERT INTO devices (id, clinic_id, kind) VALUES ('"
              + device
              + "', '"
              + name
              + "', 'OXIMETER')");
    }
  }

  Pool pool(int size) {
    Pool pool = Database.pool(vertx, db, size, clinic + "-" + pools.size());
    pools.add(pool);
    return pool;
  }

  Connection connect() throws Exception {
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }

  /** One statement over JDBC, its parameters in order: the test's own rows. */
  void execute(String sql, Object... params) throws Exception {
    try (Connection c = connect();
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) st.setObject(i + 1, params[i]);
      st.executeUpdate();
    }
  }

  /** The device's message of one SpO2 reading, received 90 s after it was measured. */
  WriteItem spo2(String msgId, double value, Instant measuredAt, UUID patient) {
    Reading spo2 =
        new Reading(
            clinic,
            device,
            msgId,
            MeasurementType.SPO2,
            value,
            measuredAt,
            measuredAt.plusSeconds(90),
            null,
            Set.of(),
            null,
            null);
    MeasurementSet set =
        new MeasurementSet(clinic, device, msgId, "measurement", measuredAt, List.of(spo2));
    return new WriteItem.Measurements(set, patient, new WriteItem.Source("t", Buffer.buffer("{}")));
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    for (Pool pool : pools) {
      await(pool.close());
    }
    await(vertx.close());
    TestServices.dropDatabase(db, server);
  }
}
